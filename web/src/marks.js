// Text with highlighted matches, as a list of {text, marked} parts that Vue renders as text. Nothing from a
// record is ever given to v-html: OCR text is whatever was on the paper, markup included.

const ESCAPES = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&#39;': "'" }

// A search snippet arrives as HTML: the record's text escaped by the server, matches in <mark>. Only the mark
// tags are read as markup; every other piece is decoded back to the plain text it was.
export function snippetParts(html) {
  let marked = false
  const parts = []
  for (const piece of html.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') marked = piece === '<mark>'
    else if (piece) parts.push({ text: piece.replace(/&(?:lt|gt|amp|quot|#x27|#39);/g, (e) => ESCAPES[e]), marked })
  }
  return parts
}

// The words of a query as typed (`合同 "张 三" -作废 customer:KH-1`), for highlighting a record's own text.
export function queryTerms(query) {
  return (query || '').match(/"[^"]+"|\S+/g)?.filter((w) => !w.startsWith('-') && w !== 'OR')
    .map((w) => w.replace(/^"|"$/g, '').replace(/^\w+:/, '')).filter(Boolean) ?? []
}

export function highlightParts(text, terms) {
  const spans = []
  const lower = text.toLowerCase()
  for (const term of terms.map((w) => w.toLowerCase())) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      spans.push([at, at + term.length])
    }
  }
  spans.sort((a, b) => a[0] - b[0])
  const parts = []
  let position = 0
  for (const [start, end] of spans) {
    if (end <= position) continue
    if (start > position) parts.push({ text: text.slice(position, start), marked: false })
    parts.push({ text: text.slice(Math.max(start, position), end), marked: true })
    position = end
  }
  if (position < text.length) parts.push({ text: text.slice(position), marked: false })
  return parts
}

// An ISO time as people read it: `2026-12-05 09:30:12` (the server's local time as it sent it).
export function shownTime(iso) {
  return (iso || '').replace('T', ' ').slice(0, 19)
}
