// One upload batch at the scanning desk: files sorted out as the CLI does for a folder (hidden files and
// unsupported suffixes are skipped, with the reason), uploaded a few at a time with per-file progress, then
// followed at /api/jobs/{id} until each is a record, a duplicate or a failure with its reason.
import { reactive } from 'vue'
import { session } from '../session'
import { get } from '../api'

export const SCAN_SUFFIX = /\.(pdf|tiff?|jpe?g|png|bmp|webp)$/i
const AT_ONCE = 2 // uploads in flight: the server checks each at once, the workers do the slow part
const POLL_MS = 1000
const FINAL = new Set(['ingested', 'duplicate', 'failed', 'skipped'])

// A chosen folder contributes its scan files; files picked one by one are always tried, whatever their name.
export function sortOut(files, fromFolder) {
  return files.map((file) => {
    const name = file.webkitRelativePath || file.relativePath || file.name
    const hidden = name.split('/').some((part) => part.startsWith('.'))
    const skip = !fromFolder ? '' : hidden ? 'hidden' : SCAN_SUFFIX.test(name) ? '' : 'unsupported suffix'
    return reactive({ file, name, size: file.size, state: skip ? 'skipped' : 'waiting', percent: 0,
                      reason: skip, documentId: null, jobId: null, review: [] })
  })
}

export function summary(entries) {
  const counts = { total: entries.length, ingested: 0, duplicate: 0, failed: 0, skipped: 0, working: 0, review: 0 }
  for (const entry of entries) {
    if (FINAL.has(entry.state)) counts[entry.state] += 1
    else counts.working += 1
    if (entry.review.length) counts.review += 1
  }
  counts.done = counts.total - counts.working
  return counts
}

export async function runBatch(entries, { customerNo, stopped }) {
  const waiting = entries.filter((entry) => entry.state === 'waiting')
  const following = []
  const lanes = Array.from({ length: AT_ONCE }, async () => {
    while (waiting.length && !stopped()) {
      const entry = waiting.shift()
      await uploadOne(entry, customerNo)
      if (entry.jobId) following.push(follow(entry, stopped))
    }
  })
  await Promise.all(lanes)
  await Promise.all(following)
}

async function uploadOne(entry, customerNo) {
  entry.state = 'uploading'
  for (;;) {
    const { status, body, retryAfter } = await send(entry, customerNo)
    if (status === 503) { // the queue is full: wait as the server asks, then try again
      entry.state = 'waiting'
      await pause(retryAfter * 1000)
      entry.state = 'uploading'
      continue
    }
    settle(entry, status, body)
    return
  }
}

function settle(entry, status, body) {
  entry.percent = 100
  if (status === 202) {
    entry.jobId = body.id
    entry.state = body.state === 'running' ? 'running' : 'queued'
  } else if (status >= 200 && status < 300) {
    finished(entry, body)
  } else {
    entry.state = 'failed'
    entry.reason = body?.detail ? String(body.detail) : `HTTP ${status}`
  }
}

function finished(entry, result) {
  entry.state = result.status === 'duplicate' ? 'duplicate' : result.status === 'failed' ? 'failed' : 'ingested'
  entry.documentId = result.id || null
  entry.review = result.review || result.reasons || []
  if (entry.state === 'failed') entry.reason = result.error || 'failed'
}

async function follow(entry, stopped) {
  while (!stopped()) {
    await pause(POLL_MS)
    let job
    try {
      job = await get(`/api/jobs/${encodeURIComponent(entry.jobId)}`)
    } catch (error) {
      entry.state = 'failed'
      entry.reason = error.message
      return
    }
    if (job.state === 'done') return finished(entry, job.result || { status: 'ingested', id: job.document_id })
    if (job.state === 'failed') {
      entry.state = 'failed'
      entry.reason = job.error || 'failed'
      return
    }
    entry.state = job.state
  }
}

// XMLHttpRequest, not fetch: only it reports how much of the body has gone (the per-file progress bar).
function send(entry, customerNo) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest()
    request.open('POST', '/api/documents')
    request.setRequestHeader('Authorization', `Bearer ${session.token}`)
    request.responseType = 'json'
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) entry.percent = Math.round((event.loaded / event.total) * 100)
    }
    request.onload = () => resolve({
      status: request.status, body: request.response,
      retryAfter: Number(request.getResponseHeader('Retry-After')) || 5,
    })
    request.onerror = () => resolve({ status: 0, body: { detail: 'network error' } })
    const form = new FormData()
    form.append('files', entry.file, entry.name.split('/').pop())
    if (customerNo) form.append('customer_no', customerNo)
    request.send(form)
  })
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Folders dropped on the desk: walked like a chosen folder (each file keeps its path inside the folder).
export async function droppedFiles(dataTransfer) {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean)
  if (!entries.some((entry) => entry.isDirectory)) return { files: [...dataTransfer.files], fromFolder: false }
  const files = []
  for (const entry of entries) await walk(entry, '', files)
  return { files, fromFolder: true }
}

async function walk(entry, prefix, files) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject))
    file.relativePath = prefix + file.name
    files.push(file)
    return
  }
  const reader = entry.createReader()
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject))
    if (!batch.length) break
    for (const child of batch.sort((a, b) => a.name.localeCompare(b.name))) {
      await walk(child, `${prefix}${entry.name}/`, files)
    }
  }
}
