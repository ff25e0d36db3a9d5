import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts small secrets at rest (TOTP secrets, storage credentials): AES-256-GCM with a key derived by HKDF-SHA256
 * from HAVEN_SECRET_KEY, or AUTH_SECRET when that is not set. A sealed value is "v1:" + base64url(iv | tag | ciphertext);
 * `purpose` (the HKDF info) binds a value to one use, so a sealed TOTP secret cannot be replayed as another secret.
 */
export class SecretBox {
  private cached: { material: string; key: Buffer } | null = null;

  constructor(
    /** the key material, read at each use (boot sets AUTH_SECRET after the services are built) */
    private readonly material: () => string,
    private readonly purpose = "haven secret-box",
  ) {}

  /** Whether a stored value was sealed by a SecretBox (anything else is a value stored in clear before encryption). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key(), iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The plain value; throws when the value was changed or sealed with another key or purpose. */
  open(sealed: string): string {
    if (!SecretBox.isSealed(sealed)) throw new Error("not a sealed value");
    const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("sealed value too short");
    const decipher = createDecipheriv("aes-256-gcm", this.key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  }

  private key(): Buffer {
    const material = this.material();
    if (!material) throw new Error("no key material: set HAVEN_SECRET_KEY or AUTH_SECRET");
    if (this.cached?.material !== material) {
      this.cached = { material, key: Buffer.from(hkdfSync("sha256", material, "haven", this.purpose, 32)) };
    }
    return this.cached.key;
  }
}

/** The key material for secrets at rest: HAVEN_SECRET_KEY, else AUTH_SECRET. */
export function secretKeyMaterial(env: Record<string, string | undefined> = process.env): string {
  return env.HAVEN_SECRET_KEY || env.AUTH_SECRET || "";
}
