import { defineStore } from 'pinia'
import { onScopeDispose, ref, shallowRef } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { VmSettingsModel, VmStatusModel } from '../../src-shared/models/vm'
import { useApi } from '../api'

/** The bundled VM, kept live by `vm.watch`; actions report their error here for the panel to show. */
export const useVmStore = defineStore('vm', () => {
  const api = useApi()
  const status = shallowRef<VmStatusModel>()
  const busy = ref(false)
  const error = ref<string>()
  const consoleText = ref('')
  let subscription: Subscription | undefined
  let retry: ReturnType<typeof setTimeout> | undefined

  function watch(): void {
    subscription?.cancel()
    subscription = api.vm.watch({
      onChunk(next) {
        status.value = next
      },
      onEnd(e) {
        subscription = undefined
        if (e) retry = setTimeout(watch, 2000)
      },
    })
  }

  async function act(action: () => Promise<unknown>): Promise<void> {
    busy.value = true
    error.value = undefined
    try {
      await action()
    } catch (e) {
      error.value = e instanceof AppError ? e.message : String(e)
    } finally {
      busy.value = false
    }
  }

  const start = () => act(() => api.vm.start())
  const stop = () => act(() => api.vm.stop())
  const restart = () => act(() => api.vm.restart())
  const saveSettings = (settings: VmSettingsModel) => act(async () => (status.value = await api.vm.setSettings(settings)))
  /** Keeps the VM running after Berth quits, or not; applies at once, also while the VM runs. */
  const setKeepRunning = (keepRunning: boolean) =>
    act(async () => {
      const current = status.value?.settings
      if (current) status.value = await api.vm.setSettings({ cpus: current.cpus, memoryMiB: current.memoryMiB, diskGiB: current.diskGiB, keepRunning })
    })
  const dismissGuide = () => act(async () => (status.value = await api.vm.dismissGuide()))
  async function loadConsole(): Promise<void> {
    try {
      consoleText.value = await api.vm.consoleLog()
    } catch (e) {
      consoleText.value = e instanceof AppError ? e.message : String(e)
    }
  }

  watch()
  onScopeDispose(() => {
    subscription?.cancel()
    clearTimeout(retry)
  })

  return { status, busy, error, consoleText, start, stop, restart, saveSettings, setKeepRunning, dismissGuide, loadConsole }
})
