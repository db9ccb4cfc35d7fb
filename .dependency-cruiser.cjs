// The feature boundaries of the line, checked by `npm run check:boundaries` (part of `npm test`).
// Layers, top to bottom (docs/architecture.md, "Layers and boundaries"):
//   index.ts, config.ts, server/                      the composition root
//   handoff/, alerts/, questions/, requests/, bots/    features
//   dialogs/, adapters/whatsapp, adapters/simulator    the conversation and the channel
//   language/, storage/                                the language layer and the document store
//   common/                                            the shared kernel
// A module imports only its own layer's peers (through their index.ts) or lower layers. tests/ and bench/ are
// exempt: they test internals. Paths are relative to the repository root.

/** Folders whose index.ts is the only door from outside (each adapter is a unit of its own). */
const UNITS = 'adapters/[^/]+|alerts|bots|dialogs|handoff|language|questions|requests|server|storage';
const ROOT_FILES = '^(index|config)\\.ts$';
const EXEMPT = '^(tests|bench)/';

module.exports = {
    forbidden: [
        {
            name: 'only-through-index',
            comment:
                'Outside a feature folder, import only its index.ts (`../handoff`, not `../handoff/service/x`). ' +
                'Inside a folder, import files directly and never the own index (a cycle). Add what others need to the index.',
            severity: 'error',
            from: { path: `^(${UNITS})/`, pathNot: EXEMPT },
            to: { path: `^(${UNITS})/`, pathNot: ['^$1/', `^(${UNITS})/index\\.ts$`] }
        },
        {
            name: 'root-only-through-index',
            comment:
                'index.ts, too, reaches a feature folder only through its index.ts. Exception: config.ts imports the few ' +
                'leaf modules whose settings it validates (mediaHosts, outbox, alerts/settings, alerts/types, passwordPolicy): ' +
                'every process loads it, the create-supervisor command included, and the feature indexes would load ' +
                "restify and Bot Framework with it (slower start, a DEP0111 warning in the command's output).",
            severity: 'error',
            from: { path: '^index\\.ts$' },
            to: { path: `^(${UNITS})/`, pathNot: `^(${UNITS})/index\\.ts$` }
        },
        {
            name: 'common-is-the-kernel',
            comment: 'common/ is the bottom layer: it imports nothing of the line outside common/.',
            severity: 'error',
            from: { path: '^common/' },
            to: { path: `^(${UNITS}|tests|bench)/|${ROOT_FILES}` }
        },
        {
            name: 'storage-and-language-are-low',
            comment: 'storage/ and language/ import only common/ (and not each other): no dialogs, adapters, features or server.',
            severity: 'error',
            from: { path: '^(storage|language)/' },
            to: { path: `^(${UNITS})/|${ROOT_FILES}`, pathNot: '^$1/' }
        },
        {
            name: 'dialogs-and-adapters-below-features',
            comment:
                'dialogs/ and adapters/ import storage/, language/ and common/ only: never a feature (handoff, alerts, questions, ' +
                'requests, bots), server/ or config.ts; a feature that needs the conversation hooks in through an interface the ' +
                'dialogs declare (e.g. HandoffRequester, CitizenQuestions).',
            severity: 'error',
            from: { path: '^(dialogs|adapters)/' },
            to: { path: `^(alerts|bots|handoff|questions|requests|server)/|${ROOT_FILES}` }
        },
        {
            name: 'dialogs-and-adapters-apart',
            comment: 'The conversation (dialogs/) does not know the channel (adapters/), nor the channel the conversation.',
            severity: 'error',
            from: { path: '^dialogs/' },
            to: { path: '^adapters/' }
        },
        {
            name: 'adapters-apart-from-dialogs',
            comment: 'The channel (adapters/) does not know the conversation (dialogs/): it carries Bot Framework activities.',
            severity: 'error',
            from: { path: '^adapters/' },
            to: { path: '^dialogs/' }
        },
        {
            name: 'features-below-server',
            comment:
                'Features never import server/ or config.ts: the server wires them, and hands each its settings. ' +
                'Shared HTTP helpers live in common/http/.',
            severity: 'error',
            from: {
                path: '^(alerts|bots|handoff|questions|requests)/',
                // Exception: the recovery command is an entry point of its own (scripts/create-supervisor.js runs it;
                // nothing in the line imports it) and reads the configuration exactly as the server does.
                pathNot: '^handoff/auth/createSupervisorCommand\\.ts$'
            },
            to: { path: `^server/|${ROOT_FILES}` }
        },
        {
            name: 'entry-point-reads-only-config',
            comment: 'The create-supervisor exception covers config.ts only, never server/.',
            severity: 'error',
            from: { path: '^handoff/auth/createSupervisorCommand\\.ts$' },
            to: { path: '^(server/|index\\.ts$)' }
        },
        {
            name: 'server-only-from-the-root',
            comment: 'server/ is the top: only index.ts (and tests, bench) import it.',
            severity: 'error',
            from: { pathNot: `^(server/|index\\.ts$|${EXEMPT.slice(1)})` },
            to: { path: '^server/' }
        },
        {
            name: 'no-test-code-in-production',
            comment: 'The line never imports tests/ or bench/.',
            severity: 'error',
            from: { pathNot: EXEMPT },
            to: { path: EXEMPT }
        },
        {
            name: 'no-circular',
            comment:
                'No import cycle between modules at run time (type-only imports are erased by tsc, so they do not count). ' +
                "A file that imports its own folder's index.ts is the usual way to make one.",
            severity: 'error',
            from: { pathNot: EXEMPT },
            to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } }
        },
        {
            name: 'not-to-unresolvable',
            comment: 'Every relative import resolves to a file.',
            severity: 'error',
            from: {},
            to: { couldNotResolve: true }
        }
    ],
    options: {
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '^(dist|node_modules|console|data)/' },
        // Type-only imports count for the boundaries: a type is part of a folder's surface too.
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
        enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
        cache: false
    }
};
