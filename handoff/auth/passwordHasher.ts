import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface PasswordHasherOptions {
    /** KiB per hash (default 19456, OWASP's argon2id minimum recommendation). */
    memoryCost?: number;
    timeCost?: number;
}

/** Passwords as argon2id PHC strings (@node-rs/argon2); the salt and parameters travel inside the string. */
export class PasswordHasher {
    constructor(private readonly options: PasswordHasherOptions = {}) {}

    async hash(password: string): Promise<string> {
        return hash(password, {
            algorithm: Algorithm.Argon2id,
            memoryCost: this.options.memoryCost ?? 19456,
            timeCost: this.options.timeCost ?? 2,
            parallelism: 1
        });
    }

    /** False for a wrong password or a malformed hash; never throws on bad input. */
    async verify(passwordHash: string, password: string): Promise<boolean> {
        try {
            return await verify(passwordHash, password);
        } catch {
            return false;
        }
    }
}
