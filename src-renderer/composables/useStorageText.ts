import { useI18n } from 'vue-i18n'
import { subnetIssue } from '../../src-shared/validation/cidr'
import { objectNameIssue } from '../../src-shared/validation/names'

/** The volume, network and disk pages' translated checks and labels. */
export function useStorageText() {
  const { t, te } = useI18n()
  return {
    /** What is wrong with a volume or network name, in the window's language. */
    nameProblem(name: string, what: 'volume' | 'network'): string | undefined {
      const issue = objectNameIssue(name, what)
      if (!issue) return undefined
      // A space inside quotes reads as nothing: name it.
      const char = 'char' in issue ? (issue.char === ' ' ? t('volumes.nameIssue.space') : issue.char) : ''
      return t(`volumes.nameIssue.${issue.code}`, { char })
    },
    subnetProblem(subnet: string, gateway: string): string | undefined {
      const issue = subnetIssue(subnet || undefined, gateway || undefined)
      return issue && t(`networks.subnetIssue.${issue.code}`, issue.params)
    },
    /** A container's state as the engine names it, translated when known. */
    stateLabel(state: string): string {
      return te(`volumes.state.${state}`) ? t(`volumes.state.${state}`) : state
    },
  }
}
