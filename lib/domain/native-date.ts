/**
 * Date as it was when this module loaded. The custom server loads before Next.js wraps the global Date (its
 * node-environment extensions, installed in app.prepare(), check every `new Date()` and `Date.now()` for
 * prerendering: a few µs each, several times per WebDAV request); the hot paths use this one and skip that wrapper.
 * Inside Next.js's own bundle, loaded after the wrapping, it is the wrapped Date, as everywhere there.
 */
export const NativeDate = Date;
