import { DocumentStore } from '../storage';

/** What a citizen told the line before, offered instead of asked again. */
export interface CitizenProfile {
    citizenKey: string;
    name?: string;
    departmentId?: string;
    /** UTC ISO-8601. */
    updatedAt: string;
}

const PROFILE_ID = 'profile';

/** Citizen profiles: collection 'citizens', partition = citizen key, one document per citizen. */
export class CitizenProfileRepository {
    constructor(private readonly store: DocumentStore) {}

    async get(citizenKey: string): Promise<CitizenProfile | undefined> {
        return (await this.store.get<CitizenProfile>('citizens', citizenKey, PROFILE_ID))?.value;
    }

    /** Writes the profile; fields not given keep their stored value. Last writer wins: it is one citizen's own data. */
    async save(profile: CitizenProfile): Promise<CitizenProfile> {
        const previous = await this.get(profile.citizenKey);
        const merged: CitizenProfile = {
            ...previous,
            ...Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)),
            citizenKey: profile.citizenKey,
            updatedAt: profile.updatedAt
        };
        await this.store.put('citizens', { partitionKey: profile.citizenKey, id: PROFILE_ID, value: merged });
        return merged;
    }
}
