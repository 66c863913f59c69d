// Screens and who may open them. The menu is built from the same table, so a role sees only what it may do;
// the API still decides every request (a hidden menu item is a courtesy, not the control).
import { createRouter, createWebHistory } from 'vue-router'
import { session, hasRole } from './session'
import NothingHere from './views/NothingHere.vue'

const READERS = ['archivist', 'staff', 'manager', 'director', 'auditor']

export const screens = [
  { path: 'search', name: 'search', component: () => import('./views/SearchView.vue'),
    meta: { roles: READERS, menu: 'search' } },
  { path: 'customers', name: 'customers', component: () => import('./views/CustomerList.vue'),
    meta: { roles: [...READERS, 'security'], menu: 'customers' } },
  { path: 'customers/:no', name: 'customer', component: () => import('./views/CustomerView.vue'),
    meta: { roles: [...READERS, 'security'], parent: 'customers' } },
  { path: 'records/:id', name: 'record', component: () => import('./views/RecordView.vue'),
    meta: { roles: [...READERS, 'security'], parent: 'search' } },
  // The archive room's own screens: scanning, the review queue, the shelves.
  { path: 'desk', name: 'desk', component: () => import('./views/ScanningDesk.vue'),
    meta: { roles: ['archivist'], menu: 'menuDesk' } },
  { path: 'review', name: 'review', component: () => import('./views/ReviewQueue.vue'),
    meta: { roles: ['archivist'], menu: 'menuReview' } },
  { path: 'room', name: 'room', component: () => import('./views/ArchiveRoom.vue'),
    meta: { roles: ['archivist', 'director', 'auditor', 'security'], menu: 'menuRoom' } },
  // Retention and destruction (保管期限、鉴定、销毁): the archive room, appraisers and approvers, auditors.
  { path: 'destruction', name: 'destruction', component: () => import('./views/DestructionView.vue'),
    meta: { roles: ['archivist', 'manager', 'director', 'auditor'], menu: 'dzMenu' } },
  { path: 'lending', name: 'lending', component: () => import('./views/LendingDesk.vue'),
    meta: { roles: ['archivist', 'manager', 'director'], menu: 'lending' } },
  // 库房管理: the archive room records, the security officer and directors read (the API decides).
  { path: 'rooms', name: 'rooms', component: () => import('./views/RoomCare.vue'),
    meta: { roles: ['archivist', 'security', 'director'], menu: 'rc_menu' } },
  // Statistics and administration (三员分立: the administrator manages accounts and settings, sees no content;
  // the auditor reads the trail; approvers decide requests).
  { path: 'statistics', name: 'statistics', component: () => import('./views/StatsView.vue'),
    meta: { roles: ['archivist', 'director', 'auditor'], menu: 'statistics' } },
  { path: 'approvals', name: 'approvals', component: () => import('./views/admin/ApprovalsView.vue'),
    meta: { roles: ['manager', 'director', 'security'], menu: 'approvals' } },
  { path: 'audit', name: 'audit', component: () => import('./views/admin/AuditView.vue'),
    meta: { roles: ['auditor'], menu: 'auditTrail' } },
  { path: 'users', name: 'users', component: () => import('./views/admin/UsersView.vue'),
    meta: { roles: ['admin'], menu: 'users' } },
  { path: 'settings', name: 'settings', component: () => import('./views/admin/SettingsView.vue'),
    meta: { roles: ['admin'], menu: 'settings' } },
]

export function home() {
  const first = screens.find((s) => s.meta.menu && hasRole(...s.meta.roles))
  return first ? { name: first.name } : { name: 'nothing' }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'sign-in', component: () => import('./views/SignIn.vue'), meta: { public: true } },
    {
      path: '/', component: () => import('./views/AppLayout.vue'),
      children: [
        // Where a role starts is known only once the user is (the guard below), so this is no plain redirect.
        { path: '', name: 'home', component: NothingHere, beforeEnter: () => home() },
        { path: 'nothing', name: 'nothing', component: NothingHere },
        ...screens,
        { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.token) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  if (!session.me) {
    const { get } = await import('./api')
    try {
      session.me = await get('/api/auth/me')
    } catch {
      return { name: 'sign-in' } // the token lapsed or was revoked: api.js has forgotten it
    }
  }
  if (to.meta.roles && !hasRole(...to.meta.roles)) return home()
  return true
})
