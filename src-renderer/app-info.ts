/** The app's version as shown in About; kept in step with package.json by hand until main reports it. */
export const APP_VERSION = '0.1.0'
