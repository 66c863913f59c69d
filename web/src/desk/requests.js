// What the scanning desk, review queue and archive room send besides plain reads: JSON changes (each with the
// reason the API requires) and printouts opened from the PDF the API returns.
import { ref } from 'vue'
import { blobUrl, send } from '../api'

export async function postJson(path, body, method = 'POST') {
  const response = await send(path, {
    method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })
  return response.status === 204 ? null : response.json()
}

// The tab is opened at the click (a popup opened after an await would be blocked), then shown the PDF; the
// blob: URL is freed once the viewer has had time to read it.
export async function openPdf(path) {
  const tab = window.open('', '_blank')
  try {
    const url = await blobUrl(path)
    if (tab) tab.location.href = url
    else window.location.assign(url)
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  } catch (error) {
    tab?.close()
    throw error
  }
}

export const labelPdf = (code) => `/api/labels/${encodeURIComponent(code)}.pdf`
export const cataloguePdf = (archiveNo) => `/api/volumes/${encodeURIComponent(archiveNo)}/catalogue.pdf`
export const notesPdf = (archiveNo) => `/api/volumes/${encodeURIComponent(archiveNo)}/notes.pdf`

// A form's submit: busy while it runs, the server's refusal kept to show beside the form.
export function useAction() {
  const busy = ref(false)
  const error = ref('')
  async function run(work) {
    busy.value = true
    error.value = ''
    try {
      await work()
    } catch (failure) {
      error.value = failure.message
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}
