// How long a password reset link works. Its own module, free of server code, because the pages show it.
export const RESET_LINK_MINUTES = 30;
