import { ref, watch, type Ref } from 'vue'
import type { VmSettingsModel } from '../../src-shared/models/vm'

/** A form of the VM's CPUs, memory and disk, filled from its status whenever the person is not editing. */
export function useVmSettingsForm(settings: () => VmSettingsModel | undefined, editing: Ref<boolean>): Ref<VmSettingsModel> {
  const form = ref<VmSettingsModel>({ cpus: 2, memoryMiB: 2048, diskGiB: 32 })
  watch(
    settings,
    (s) => {
      // Resources only: keepRunning has its own switch, and a form opened earlier must not undo it.
      if (s && !editing.value) form.value = { cpus: s.cpus, memoryMiB: s.memoryMiB, diskGiB: s.diskGiB }
    },
    { immediate: true },
  )
  return form
}
