import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * Whether an element is on screen: in the viewport (IntersectionObserver) and in a tab or window
 * that is shown. Live streams run only while this is true.
 */
export function useVisible(element: Ref<HTMLElement | undefined>): Ref<boolean> {
  const intersecting = ref(false)
  const pageShown = ref(document.visibilityState !== 'hidden')
  const visible = ref(false)
  const update = () => (visible.value = intersecting.value && pageShown.value)
  const onVisibility = () => {
    pageShown.value = document.visibilityState !== 'hidden'
    update()
  }
  document.addEventListener('visibilitychange', onVisibility)
  let observer: IntersectionObserver | undefined
  watch(
    element,
    (el) => {
      observer?.disconnect()
      observer = undefined
      intersecting.value = false
      if (el && typeof IntersectionObserver !== 'undefined') {
        observer = new IntersectionObserver((entries) => {
          intersecting.value = entries.some((e) => e.isIntersecting)
          update()
        })
        observer.observe(el)
      } else if (el) intersecting.value = true
      update()
    },
    { immediate: true, flush: 'post' },
  )
  onScopeDispose(() => {
    observer?.disconnect()
    document.removeEventListener('visibilitychange', onVisibility)
  })
  return visible
}
