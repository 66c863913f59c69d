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
    // 扫描台 · 待处理 · 库房 (scanning desk, review queue, archive room)
    menuDesk: '扫描台', menuReview: '待处理', menuRoom: '库房',
    deskTitle: '扫描台', deskDrop: '把扫描文件或整个文件夹拖到这里，或：', deskPickFiles: '选择文件',
    deskPickFolder: '选择文件夹', deskCustomerNo: '客户编号（可不填）',
    deskFormats: '支持 PDF、TIFF、JPEG、PNG、BMP、WebP；文件夹中的隐藏文件和其他格式会跳过并说明原因。',
    deskProgress: '进度', deskDone: '已完成 {done} / {total}', deskToReview: '{n} 件待人工处理',
    deskStop: '停止', deskClear: '清空列表', deskFile: '文件', deskSize: '大小', deskState: '状态', deskNote: '说明',
    state_waiting: '等待', state_uploading: '上传中', state_queued: '排队中', state_running: '识别中',
    state_ingested: '已入库', state_duplicate: '重复', state_failed: '失败', state_skipped: '已跳过',
    skip_hidden: '隐藏文件', skip_unsupported_suffix: '不支持的格式',
    reviewQueue: '待处理', reviewWhy: '原因', reviewEmpty: '没有待处理的档案', actions: '操作',
    reason_all: '全部', reason_customer_not_on_file: '客户未建档', reason_conflict: '证据冲突',
    reason_name_suggestion: '名称建议', reason_no_customer: '未识别客户', reason_invalid_id_number: '身份证号无效',
    reason_low_confidence: '识别置信度低', reason_not_filed: '未归档',
    whyNotOnFile: '页面上的客户编号 {no} 尚未建档', whyName: '名称「{name}」与客户 {no} 相符',
    whyConfidence: '最低置信度 {n}%', linkTo: '关联到 {no}', linkAction: '关联客户', correctFields: '更正字段',
    dismissAction: '忽略', linkTitle: '关联客户：{title}', dismissTitle: '忽略此原因',
    dismissWarning: '忽略后，此原因不会再次对该档案提出，且无法撤销。',
    needCustomerNo: '请输入客户编号', needReviewWhy: '请选择要忽略的原因', needReason: '请填写原因',
    cancel: '取消', confirm: '确定', fileSelected: '归入案卷（已选 {n} 件）', filedInto: '已按扫描顺序归入案卷 {volume}',
    fileTitle: '归入纸质案卷', fileAction: '归档', fileChooseVolume: '选择案卷', fileNeedVolume: '请选择案卷',
    fileOrder: '按扫描顺序（先扫描的在前）编件、编页：',
    printVolumeLabel: '打印卷标签', printBoxLabel: '打印盒标签', printCatalogue: '打印卷内目录', printNotes: '打印备考表',
    roomTitle: '库房', scanCode: '扫码', scanHint: '扫描或输入条码：档号、盒号、库位号或档案编号，回车查找',
    scanGo: '查找', roomTree: '库位', roomNoLocations: '尚无库位', roomNowhere: '未上架', inventory: '盘点',
    mismatches: '差异报告', moveTitle: '移动档案盒 {box}', moveAction: '移动', moveTo: '移到', needMoveTo: '请选择目标库位',
    capacity: '容量 {used}/{of} 盒', capacityOf: '容量 {of} 盒', kind_location: '库位', kind_box: '档案盒', kind_volume: '案卷', kind_record: '档案',
    itemPages: '第{n}件 第{from}–{to}页', emptyBox: '盒内没有案卷', openRecord: '打开档案', code: '条码',
    inventoryPlace: '盘点库位', inventoryCodes: '扫描到的条码（每行一个）', inventoryUpload: '上传盘点清单',
    inventoryFormat: '文本或 CSV 文件，每行一个条码', inventoryRun: '生成盘点报告', inventoryScanned: '共扫描 {n} 个',
    inv_found: '在位', inv_missing: '缺失', inv_misplaced: '错位', inv_unknown: '未知', inventoryAllFound: '全部在位',
    inventoryResult: '结果', inventoryNote: '说明', invRecordedAt: '记录位置：{where}', invViaBox: '随盒 {box}',
    needInventoryPlace: '请选择盘点库位', needInventoryCodes: '请上传清单或输入条码',
    mm_unfiled_records: '未归档的电子档案', mm_missing_records: '案卷中缺少的电子档案',
    mm_page_count_differences: '页数不符', mm_unprinted_catalogues: '卷内目录未打印最新版本', mmNone: '无',
    mmPages: '第{item}件：纸质 {paper} 页，扫描 {scanned} 页', mmPrinted: '当前第 {version} 版，已打印第 {printed} 版',
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
    // 扫描台 · 待处理 · 库房 (scanning desk, review queue, archive room)
    menuDesk: 'Scanning', menuReview: 'Review', menuRoom: 'Archive room',
    deskTitle: 'Scanning desk', deskDrop: 'Drop scans or whole folders here, or:', deskPickFiles: 'Choose files',
    deskPickFolder: 'Choose a folder', deskCustomerNo: 'Customer no. (optional)',
    deskFormats: 'PDF, TIFF, JPEG, PNG, BMP, WebP; hidden files and other formats in a folder are skipped, with the reason.',
    deskProgress: 'Progress', deskDone: '{done} of {total} done', deskToReview: '{n} need a person',
    deskStop: 'Stop', deskClear: 'Clear the list', deskFile: 'File', deskSize: 'Size', deskState: 'State', deskNote: 'Note',
    state_waiting: 'waiting', state_uploading: 'uploading', state_queued: 'queued', state_running: 'reading',
    state_ingested: 'ingested', state_duplicate: 'duplicate', state_failed: 'failed', state_skipped: 'skipped',
    skip_hidden: 'hidden file', skip_unsupported_suffix: 'unsupported format',
    reviewQueue: 'Review queue', reviewWhy: 'Why', reviewEmpty: 'Nothing waits for review', actions: 'Actions',
    reason_all: 'All', reason_customer_not_on_file: 'Customer not on file', reason_conflict: 'Conflict',
    reason_name_suggestion: 'Name suggestion', reason_no_customer: 'No customer',
    reason_invalid_id_number: 'Invalid ID number', reason_low_confidence: 'Low OCR confidence', reason_not_filed: 'Not filed',
    whyNotOnFile: 'the page names {no}, which is not on file', whyName: 'the name “{name}” matches {no}',
    whyConfidence: 'lowest confidence {n}%', linkTo: 'Link to {no}', linkAction: 'Link', correctFields: 'Correct fields',
    dismissAction: 'Dismiss', linkTitle: 'Link to a customer: {title}', dismissTitle: 'Dismiss this reason',
    dismissWarning: 'A dismissed reason is never raised again for this record; this cannot be undone.',
    needCustomerNo: 'Enter a customer number', needReviewWhy: 'Choose the reason to dismiss', needReason: 'Give a reason',
    cancel: 'Cancel', confirm: 'OK', fileSelected: 'File into a volume ({n} chosen)',
    filedInto: 'Filed into {volume} in scan order', fileTitle: 'File into a paper volume', fileAction: 'File',
    fileChooseVolume: 'Choose a volume', fileNeedVolume: 'Choose a volume',
    fileOrder: 'Items and pages are numbered in scan order (first scanned first):',
    printVolumeLabel: 'Volume label', printBoxLabel: 'Box label', printCatalogue: 'Catalogue (卷内目录)',
    printNotes: 'Notes sheet (备考表)', roomTitle: 'Archive room', scanCode: 'Scan',
    scanHint: 'Scan or type a code: archive no., box, location or record id, then Enter',
    scanGo: 'Find', roomTree: 'Locations', roomNoLocations: 'No locations yet', roomNowhere: 'not on a shelf',
    inventory: 'Inventory', mismatches: 'Mismatches', moveTitle: 'Move box {box}', moveAction: 'Move', moveTo: 'To',
    needMoveTo: 'Choose where to', capacity: '{used} of {of} boxes', capacityOf: 'holds {of} boxes', kind_location: 'Location', kind_box: 'Box',
    kind_volume: 'Volume', kind_record: 'Record', itemPages: 'item {n}, pages {from}–{to}',
    emptyBox: 'No volumes in this box', openRecord: 'Open the record', code: 'Code',
    inventoryPlace: 'Place counted', inventoryCodes: 'Codes scanned (one a line)', inventoryUpload: 'Upload a list',
    inventoryFormat: 'a text or CSV file, one code a line', inventoryRun: 'Compare', inventoryScanned: '{n} scanned',
    inv_found: 'found', inv_missing: 'missing', inv_misplaced: 'misplaced', inv_unknown: 'unknown',
    inventoryAllFound: 'All found', inventoryResult: 'Result', inventoryNote: 'Note', invRecordedAt: 'recorded at {where}',
    invViaBox: 'in box {box}', needInventoryPlace: 'Choose the place counted',
    needInventoryCodes: 'Upload a list or type the codes', mm_unfiled_records: 'Records on no shelf',
    mm_missing_records: 'Items whose record is missing', mm_page_count_differences: 'Page counts differ',
    mm_unprinted_catalogues: 'Catalogues not printed since they changed', mmNone: 'None',
    mmPages: 'item {item}: {paper} pages on paper, {scanned} scanned', mmPrinted: 'version {version}, printed {printed}',
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
