// 简体中文 by default, English on request; the choice is kept in localStorage. A dictionary, not a library:
// the screens need plain strings with a few {named} values.
import { computed, ref } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'

const messages = {
  zh: {
    app: '客户档案', signIn: '登录', signOut: '退出', user: '用户名', password: '密码',
    signInFailed: '登录失败', needUser: '请输入用户名', needPassword: '请输入密码',
    search: '检索', customers: '客户', searchBox: '客户名称、编号或文件中的字词',
    searchButton: '检索', results: '共 {n} 件', resultsAbout: '约 {n} 件',
    sortRelevance: '按相关度', sortDate: '按日期', dateFrom: '开始日期', dateTo: '结束日期',
    clearFilters: '清除筛选', pagesMatched: '命中页：{pages}',
    emptyStart: '输入客户名称、客户编号或文件中的任何字词开始检索。',
    emptyNone: '没有与「{q}」匹配、且您有权阅读的档案。',
    emptyFiltered: '已启用筛选（{filters}），清除筛选后再试。',
    emptyHint: '检索只计入您有权阅读的档案；可尝试更少的字词或同义词。',
    facet_doc_type: '类型', facet_year: '年度', facet_grade: '客户等级', facet_category: '类别',
    customer: '客户', customerNo: '客户编号', date: '日期', title: '题名', type: '类型',
    record: '档案', page: '第 {n} 页', pages: '页面', previous: '上一页', next: '下一页',
    zoomIn: '放大', zoomOut: '缩小', rotate: '旋转', ocrText: '识别文字', fields: '提取的字段',
    paper: '纸质原件位置', notFiled: '尚未归档到纸质案卷', history: '变更记录', download: '下载原件',
    level: '密级', level_none: '公开', withheld: '此档案为{level}，内容不向您显示。如需阅读，请提交审批申请。',
    noDownload: '{level}档案只可在档案室阅读：不可下载、打印。', link: '关联依据', noText: '（本页无识别文字）',
    profile: '客户档案卡', archiveNo: '档案号', owner: '客户经理', department: '部门',
    recordsByCategory: '分类档案', completeness: '完整性', complete: '材料齐全', missing: '缺少：{what}',
    volumes: '纸质案卷', volume: '案卷', box: '盒', location: '位置', year: '年度', items: '件数',
    noRecords: '暂无档案', notFound: '找不到该页面', back: '返回', loading: '加载中…', language: 'English',
    reason: '原因', by: '操作人', at: '时间', changes: '变更', customerList: '客户列表', name: '名称',
    more: '更多', noMenu: '您的角色在此界面暂无可用功能。', thumbnails: '缩略图', page_of: '{n} / {total}',
    skip: '跳到正文',
    // statistics, administration and record screen upgrades (screens 6, 7, 2)
    statistics: '统计', statsTotals: '客户 {customers} 户 · 档案 {records} 件', statsEmpty: '暂无数据',
    byGrade: '客户等级分布', byIndustry: '客户行业分布', byRegion: '客户地区分布', byCategory: '各类别档案数量',
    newPerMonth: '每月新增客户', completenessRate: '档案完整率', unset: '未填写',
    exportXlsx: '导出 Excel', exportCsv: '导出 CSV',
    approvals: '审批', auditTrail: '审计日志', users: '用户与角色', settings: '系统设置',
    addUser: '添加用户', roles: '角色', state: '状态', actions: '操作', active: '正常', locked: '已锁定', disabled: '已停用',
    changeRoles: '更改角色', disable: '停用', enable: '启用', resetPassword: '重置密码',
    needRoles: '请至少选择一个角色', passwordRule: '密码至少 10 位，须含字母和数字，且不含用户名',
    needReason: '请填写原因', cancel: '取消', confirm: '确定',
    role_archivist: '档案管理员', role_staff: '客户经理', role_manager: '部门经理', role_director: '总经理',
    role_auditor: '审计员', role_admin: '系统管理员', role_security: '安全保密管理员',
    kind: '类型', subject: '对象', requestedBy: '申请人', hours: '时长（小时）', approve: '批准', reject: '驳回',
    nothingWaiting: '没有待您审批的申请', kind_read_record: '阅读密级档案', kind_customer_access: '访问客户档案',
    kind_change: '修改档案', kind_move_out_of_confidential_volume: '移出涉密案卷', kind_delete: '删除',
    action: '操作', outcome: '结果', detail: '详情', source: '来源', any: '全部', auditFilter: '审计日志筛选',
    verifyChain: '校验日志链', chainIntact: '日志链完整（{n} 条）', chainBroken: '日志链在第 {seq} 条断开：{why}',
    action_sign_in: '登录', action_search: '检索', action_view: '查看', action_page_view: '查看页面',
    action_download: '下载', action_print: '打印', action_export: '导出', action_change: '变更', action_approve: '批准',
    action_setting: '设置', action_unmask: '显示证件号', action_request: '申请', action_reject: '驳回',
    action_cancel: '撤回', action_transfer: '移交',
    settingsReadOnly: '以下设置在服务启动时从环境变量读取，运行中不可更改；如需修改，请修改环境变量后重启服务。',
    deployment: '部署方式', fitPage: '适应页面', printLabel: '打印标签', addField: '添加字段', correct: '更正',
    correctField: '更正字段', fieldName: '字段名', fieldValue: '字段值（留空即删除）', needFieldName: '请填写字段名', searchTitle: '档案检索',
    outcome_ok: '成功', outcome_denied: '拒绝', outcome_failed: '失败',
  },
  en: {
    app: 'Customer archives', signIn: 'Sign in', signOut: 'Sign out', user: 'User name', password: 'Password',
    signInFailed: 'Sign-in failed', needUser: 'Enter your user name', needPassword: 'Enter your password',
    search: 'Search', customers: 'Customers', searchBox: 'Customer name, number or any words in a file',
    searchButton: 'Search', results: '{n} records', resultsAbout: 'about {n} records',
    sortRelevance: 'Relevance', sortDate: 'Date', dateFrom: 'From', dateTo: 'To',
    clearFilters: 'Clear filters', pagesMatched: 'Pages: {pages}',
    emptyStart: 'Type a customer name, number or any words from a file to search.',
    emptyNone: 'No record you may read matches “{q}”.',
    emptyFiltered: 'Filters are on ({filters}); clear them and try again.',
    emptyHint: 'Search counts only records you may read; try fewer words or another wording.',
    facet_doc_type: 'Type', facet_year: 'Year', facet_grade: 'Grade', facet_category: 'Category',
    customer: 'Customer', customerNo: 'Customer no.', date: 'Date', title: 'Title', type: 'Type',
    record: 'Record', page: 'Page {n}', pages: 'Pages', previous: 'Previous', next: 'Next',
    zoomIn: 'Zoom in', zoomOut: 'Zoom out', rotate: 'Rotate', ocrText: 'OCR text', fields: 'Extracted fields',
    paper: 'Paper original', notFiled: 'Not filed in a paper volume yet', history: 'History',
    download: 'Download original', level: 'Level', level_none: 'Open',
    withheld: 'This record is {level}: its content is not shown to you. Ask for an approval to read it.',
    noDownload: '{level} records are read in the archive room only: no download or print.',
    link: 'Link evidence', noText: '(no text read on this page)',
    profile: 'Customer card', archiveNo: 'Archive no.', owner: 'Account manager', department: 'Department',
    recordsByCategory: 'Records by category', completeness: 'Completeness', complete: 'Complete',
    missing: 'Missing: {what}', volumes: 'Paper volumes', volume: 'Volume', box: 'Box', location: 'Location',
    year: 'Year', items: 'Items', noRecords: 'No records', notFound: 'Page not found', back: 'Back',
    loading: 'Loading…', language: '中文', reason: 'Reason', by: 'By', at: 'When', changes: 'Changes',
    customerList: 'Customers', name: 'Name', more: 'More', noMenu: 'Your role has nothing to do here yet.',
    thumbnails: 'Thumbnails', page_of: '{n} / {total}', skip: 'Skip to content',
    // statistics, administration and record screen upgrades (screens 6, 7, 2)
    statistics: 'Statistics', statsTotals: '{customers} customers · {records} records', statsEmpty: 'No data yet',
    byGrade: 'Customers by grade', byIndustry: 'Customers by industry', byRegion: 'Customers by region',
    byCategory: 'Records by category', newPerMonth: 'New customers per month', completenessRate: 'Complete files',
    unset: 'not set', exportXlsx: 'Export Excel', exportCsv: 'Export CSV',
    approvals: 'Approvals', auditTrail: 'Audit trail', users: 'Users and roles', settings: 'Settings',
    addUser: 'Add user', roles: 'Roles', state: 'State', actions: 'Actions', active: 'active', locked: 'locked',
    disabled: 'disabled', changeRoles: 'Change roles', disable: 'Disable', enable: 'Enable',
    resetPassword: 'Reset password', needRoles: 'Choose at least one role',
    passwordRule: 'At least 10 characters, letters and digits, not containing the user name',
    needReason: 'Give a reason', cancel: 'Cancel', confirm: 'OK',
    role_archivist: 'archivist', role_staff: 'account manager', role_manager: 'department manager',
    role_director: 'director', role_auditor: 'auditor', role_admin: 'administrator', role_security: 'security officer',
    kind: 'Kind', subject: 'Subject', requestedBy: 'Requested by', hours: 'Hours', approve: 'Approve', reject: 'Reject',
    nothingWaiting: 'Nothing waits for your decision', kind_read_record: 'read a classified record',
    kind_customer_access: 'customer file access', kind_change: 'change', kind_move_out_of_confidential_volume:
      'move out of a classified volume', kind_delete: 'delete',
    action: 'Action', outcome: 'Outcome', detail: 'Detail', source: 'Source', any: 'any', auditFilter: 'Audit filter',
    verifyChain: 'Verify chain', chainIntact: 'Chain intact ({n} events)', chainBroken: 'Chain broken at {seq}: {why}',
    action_sign_in: 'sign in', action_search: 'search', action_view: 'view', action_page_view: 'page view',
    action_download: 'download', action_print: 'print', action_export: 'export', action_change: 'change',
    action_approve: 'approve', action_setting: 'setting', action_unmask: 'unmask', action_request: 'request',
    action_reject: 'reject', action_cancel: 'cancel', action_transfer: 'transfer',
    settingsReadOnly: 'These settings are read from the environment when the server starts and cannot change while it runs: change the environment and restart.',
    deployment: 'Deployment', fitPage: 'Fit page', printLabel: 'Print label', addField: 'Add field', correct: 'Correct',
    correctField: 'Correct a field', fieldName: 'Field', fieldValue: 'Value (empty removes it)',
    needFieldName: 'Name the field', searchTitle: 'Search the archive',
    outcome_ok: 'ok', outcome_denied: 'denied', outcome_failed: 'failed',
  },
}

export const locale = ref(localStorage.getItem('docarchive.locale') === 'en' ? 'en' : 'zh')
export const elementLocale = computed(() => (locale.value === 'en' ? en : zhCn))

export function toggleLocale() {
  locale.value = locale.value === 'zh' ? 'en' : 'zh'
  localStorage.setItem('docarchive.locale', locale.value)
  document.documentElement.lang = locale.value === 'zh' ? 'zh-CN' : 'en'
}

export function t(key, params = {}) {
  const text = messages[locale.value][key] ?? messages.zh[key] ?? key
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''))
}

// Values the API gives in English codes, shown in the user's language.
const terms = {
  zh: { archive_card: '客户档案卡', contract: '合同协议', id_card: '身份证', other: '其他', none: '公开' },
  en: { archive_card: 'archive card', contract: 'contract', id_card: 'ID card', other: 'other', none: 'open',
        秘密: 'secret', 机密: 'confidential', 绝密: 'top secret' },
}
export function term(code) {
  return terms[locale.value][code] ?? code
}
