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
    // Retention and destruction screen (DestructionView.vue)
    dzMenu: '销毁', dzTitle: '保管期限与销毁', dzDue: '到期档案', dzBefore: '截至', dzShow: '查询',
    dzNothingDue: '截至该日无到期档案', dzMonth: '月份', dzKind: '类别', dzRecord: '文件', dzItemTitle: '题名',
    dzRetention: '保管期限', dzDueOn: '到期日', dzHold: '保全', dzHeld: '诉讼保全', dzDraft: '起草销毁清册',
    dzLists: '销毁清册（待办）', dzNoLists: '暂无销毁清册', dzList: '清册', dzState: '状态', dzUntil: '单独存放至',
    dzOpinion: '鉴定意见', dzOutcome: '结果', dzRegister: '销毁登记簿', dzPdf: '下载 PDF', dzXlsx: '下载 Excel',
    dzBroken: '登记簿校验失败：记录被改动或缺失', dzNoEntries: '暂无销毁记录', dzSupervisor: '监销人', dzMethod: '方式',
    dzState_draft: '起草', dzState_appraised: '已鉴定', dzState_submitted: '待审批', dzState_quarantined: '单独存放',
    dzState_scheduled: '待销毁', dzState_destroyed: '已销毁',
    // lending desk (借阅)
    lending: '借阅', lendTitle: '借阅台', lendScanner: '扫码借还', lendCheckout: '借出', lendReturn: '归还',
    lendScanHere: '扫描案卷条码（或输入档号后回车）', lendCondition: '归还时状况（默认完好）', lendGo: '确定',
    lendPending: '待审批的借阅申请', lendOut: '借出中的案卷', lendNone: '暂无', lendBorrower: '借阅人',
    lendMode: '方式', lendMode_read: '阅览', lendMode_out: '外借', lendMode_copy: '复印', lendPurpose: '用途',
    lendDecide: '审批', lendApprove: '批准', lendReject: '驳回', lendDecisionReason: '审批意见（默认：同意）',
    lendWhere: '借出情况', lendState: '状态', lendOverdue: '逾期', lendOnTime: '未到期', lendAgreed: '同意',
    lendDeclined: '不同意', lendReturned: '{code} 已归还（借阅人 {by}）', lendApprovedFor: '已批准 {who} 的借阅申请',
    lendRejectedFor: '已驳回 {who} 的借阅申请', lendApproved: '已批准、待借出', lendHours: '期限（小时）',
    lendOverdueCount: '逾期 {n}',
    // Archive-room care (RoomCare.vue)
    rc_menu: '库房', rc_title: '库房管理', rc_noRooms: '尚未登记库房。', rc_allWell: '无异常',
    rc_readings: '温湿度记录', rc_noReadings: '暂无记录', rc_temperature: '温度', rc_humidity: '相对湿度',
    rc_source: '来源', rc_flags: '超限', rc_checksDue: '定期检查', rc_check: '检查项目', rc_last: '上次检查',
    rc_due: '应检日期', rc_state: '状态', rc_overdue: '逾期未检', rc_onTime: '按期',
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
    // Retention and destruction screen (DestructionView.vue)
    dzMenu: 'Destruction', dzTitle: 'Retention and destruction', dzDue: 'Due', dzBefore: 'Due by', dzShow: 'Show',
    dzNothingDue: 'Nothing is due by that day', dzMonth: 'Month', dzKind: 'Kind', dzRecord: 'Record',
    dzItemTitle: 'Title', dzRetention: 'Retention', dzDueOn: 'Due on', dzHold: 'Hold', dzHeld: 'Legal hold',
    dzDraft: 'Draft a destruction list', dzLists: 'Destruction lists', dzNoLists: 'No destruction lists',
    dzList: 'List', dzState: 'State', dzUntil: 'Set apart until', dzOpinion: 'Appraisal', dzOutcome: 'Outcome',
    dzRegister: 'Destruction register', dzPdf: 'Download PDF', dzXlsx: 'Download Excel',
    dzBroken: 'Register check failed: an entry was altered or is missing', dzNoEntries: 'Nothing destroyed yet',
    dzSupervisor: 'Supervisor', dzMethod: 'Method', dzState_draft: 'draft', dzState_appraised: 'appraised',
    dzState_submitted: 'awaiting approval', dzState_quarantined: 'set apart', dzState_scheduled: 'scheduled',
    dzState_destroyed: 'destroyed',
    // lending desk (借阅)
    lending: 'Lending', lendTitle: 'Lending desk', lendScanner: 'Scan to lend or take back', lendCheckout: 'Lend',
    lendReturn: 'Take back', lendScanHere: "Scan the volume's barcode (or type its archive number and Enter)",
    lendCondition: 'Condition on return (default: intact)', lendGo: 'OK', lendPending: 'Loan requests waiting',
    lendOut: 'Volumes out on loan', lendNone: 'None', lendBorrower: 'Borrower', lendMode: 'Mode',
    lendMode_read: 'read', lendMode_out: 'take out', lendMode_copy: 'copy', lendPurpose: 'Purpose',
    lendDecide: 'Decide', lendApprove: 'Approve', lendReject: 'Reject', lendDecisionReason: 'Reason (default: agreed)',
    lendWhere: 'On loan', lendState: 'State', lendOverdue: 'Overdue', lendOnTime: 'On time', lendAgreed: '同意',
    lendDeclined: '不同意', lendReturned: '{code} is back (borrower {by})', lendApprovedFor: "{who}'s loan approved",
    lendRejectedFor: "{who}'s loan rejected", lendApproved: 'Approved, to hand over', lendHours: 'Hours',
    lendOverdueCount: '{n} overdue',
    // Archive-room care (RoomCare.vue)
    rc_menu: 'Rooms', rc_title: 'Archive-room care', rc_noRooms: 'No archive room yet.', rc_allWell: 'All well',
    rc_readings: 'Readings', rc_noReadings: 'No readings yet', rc_temperature: 'Temperature',
    rc_humidity: 'Humidity', rc_source: 'Source', rc_flags: 'Out of range', rc_checksDue: 'Periodic checks',
    rc_check: 'Check', rc_last: 'Last done', rc_due: 'Due', rc_state: 'State', rc_overdue: 'Overdue',
    rc_onTime: 'On time',
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
