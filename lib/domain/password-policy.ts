/** The default shortest password (Admin → Settings may raise it); the server enforces it and forms say it up front. */
export const MIN_PASSWORD_LENGTH = 8;
