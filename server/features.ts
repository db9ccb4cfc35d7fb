import type { FeatureContext, Stoppable } from './application';

/**
 * Mounts the line's features on a started server: the standard Bot Framework endpoint, the WhatsApp
 * webhook (with the simulator when no access token is set), and, as they land, handoff and alerts.
 */
export async function mountFeatures(context: FeatureContext): Promise<Stoppable[]> {
    void context;
    return [];
}
