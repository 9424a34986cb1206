import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'
import './styles/base.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
// The locale is the settings store's; i18n starts in it so the first paint is already right.
app.use(createAppI18n(useSettingsStore(pinia).locale))
app.use(createAppRouter())
app.mount('#app')
