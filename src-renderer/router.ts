import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import ContainerDetailView from './views/ContainerDetailView.vue'
import ContainersView from './views/ContainersView.vue'
import DiskView from './views/DiskView.vue'
import EnginesView from './views/EnginesView.vue'
import ImageDetailView from './views/ImageDetailView.vue'
import ImagesView from './views/ImagesView.vue'
import LogsView from './views/LogsView.vue'
import NetworksView from './views/NetworksView.vue'
import SettingsView from './views/SettingsView.vue'
import TerminalView from './views/TerminalView.vue'
import VolumesView from './views/VolumesView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the page's name, for the window title. */
    titleKey?: string
    /** Shown alone, without the side navigation and status bar (a log window). */
    bare?: boolean
  }
}

/** Hash history, because the desktop app loads the page from file://. */
export function createAppRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/containers' },
      { path: '/containers', name: 'containers', component: ContainersView, meta: { titleKey: 'nav.containers' } },
      { path: '/containers/:id', name: 'container', component: ContainerDetailView, props: true, meta: { titleKey: 'nav.containers' } },
      { path: '/images', name: 'images', component: ImagesView, meta: { titleKey: 'nav.images' } },
      { path: '/images/:id', name: 'image', component: ImageDetailView, meta: { titleKey: 'nav.images' } },
      { path: '/volumes', name: 'volumes', component: VolumesView, meta: { titleKey: 'nav.volumes' } },
      { path: '/networks', name: 'networks', component: NetworksView, meta: { titleKey: 'nav.networks' } },
      { path: '/disk', name: 'disk', component: DiskView, meta: { titleKey: 'disk.nav' } },
      { path: '/engines', name: 'engines', component: EnginesView, meta: { titleKey: 'nav.engines' } },
      { path: '/settings', name: 'settings', component: SettingsView, meta: { titleKey: 'nav.settings' } },
      { path: '/terminal/:engineId/:containerId', name: 'terminal', component: TerminalView, meta: { titleKey: 'terminal.windowTitle', bare: true } },
      { path: '/logs/:engineId/:containerId', name: 'logs', component: LogsView, meta: { titleKey: 'logs.windowTitle', bare: true } },
      { path: '/logs/:engineId/project/:project', name: 'project-logs', component: LogsView, meta: { titleKey: 'logs.windowTitle', bare: true } },
      { path: '/:rest(.*)*', redirect: '/containers' },
    ],
  })
}
