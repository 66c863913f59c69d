// The one way the screens reach the server: /api/* with the bearer token. A 401 ends the session and goes
// to sign-in; any other failure is thrown with the server's own reason (`detail`).
import { forget, session } from './session'
import { router } from './router'

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail)
    this.status = status
  }
}

export async function send(path, options = {}) {
  const headers = { ...(options.headers || {}) }
  if (session.token) headers.Authorization = `Bearer ${session.token}`
  const response = await fetch(path, { ...options, headers })
  if (response.status === 401 && session.token) {
    forget()
    router.push({ name: 'sign-in', query: { next: router.currentRoute.value.fullPath } })
  }
  if (!response.ok) throw new ApiError(response.status, await reason(response))
  return response
}

async function reason(response) {
  try {
    const detail = (await response.json()).detail
    return typeof detail === 'string' ? detail : JSON.stringify(detail)
  } catch {
    return `${response.status} ${response.statusText}`
  }
}

export async function get(path, params) {
  const query = params ? `?${new URLSearchParams(clean(params))}` : ''
  return (await send(path + query)).json()
}

export async function post(path, body) {
  const response = await send(path, { method: 'POST', body })
  return response.status === 204 ? null : response.json()
}

// An image or file behind the token: fetched, then shown or saved from a blob: URL (an <img src> cannot send
// the Authorization header). The caller revokes the URL when done.
export async function blobUrl(path) {
  return URL.createObjectURL(await (await send(path)).blob())
}

function clean(params) {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''))
}

// A JSON body (POST, PUT, PATCH): every change the screens make carries its reason in it.
export async function sendJson(method, path, body) {
  const response = await send(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })
  return response.status === 204 ? null : response.json()
}

// A file behind the token, saved under the name the server gives (an export) or the one asked for.
export async function saveFile(path, fallbackName) {
  const response = await send(path)
  const named = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '')
  const name = named ? decodeURIComponent(named[1] || named[2]) : fallbackName
  const url = URL.createObjectURL(await response.blob())
  Object.assign(document.createElement('a'), { href: url, download: name }).click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
