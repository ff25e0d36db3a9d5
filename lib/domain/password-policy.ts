/** The shortest password an account may have (the server enforces it; forms say it up front). */
export const MIN_PASSWORD_LENGTH = 8;
