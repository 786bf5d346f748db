// The shortest password sign-up accepts. Its own module, free of zod, because the sign-up form shows it in the
// browser: zod probes `new Function` when it builds an object schema, which the page's CSP refuses and reports.
export const PASSWORD_MIN = 10;
