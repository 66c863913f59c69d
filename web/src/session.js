// The signed-in user: the bearer token from POST /api/auth/token, kept in sessionStorage so a reload keeps the
// session while closing the tab ends it; who it acts as comes from GET /api/auth/me.
import { reactive } from 'vue'

const KEY = 'docarchive.token'

export const session = reactive({ token: sessionStorage.getItem(KEY), me: null })

export function signedIn(token) {
  session.token = token
  sessionStorage.setItem(KEY, token)
}

export function forget() {
  session.token = null
  session.me = null
  sessionStorage.removeItem(KEY)
}

export function hasRole(...roles) {
  return !!session.me && session.me.roles.some((role) => roles.includes(role))
}
