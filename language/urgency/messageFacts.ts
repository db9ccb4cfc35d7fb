/** Facts about the whole message, computed once and only when a rule asks (keeps a long message linear). */
export class Facts {
    private readonly known = new Map<string, boolean>();
    has(name: string, compute: () => boolean): boolean {
        let value = this.known.get(name);
        if (value === undefined) this.known.set(name, (value = compute()));
        return value;
    }
}
