// The console's wiring: which screen shows, the live connection, and what each live event changes.

import { Api } from './api.js';
import { UrgentAlerts } from './alerts.js';
import { CaseView } from './caseView.js';
import { AvailabilityControl } from './availability.js';
import { askInDialog } from './confirmDialog.js';
import { byId, setText } from './dom.js';
import { LiveEvents } from './events.js';
import { OfferBanner } from './offerBanner.js';
import { citizenName } from './format.js';
import { KnowledgeView } from './knowledge.js';
import { PasswordChangeView } from './passwordChange.js';
import { QueueView } from './queue.js';
import { RequestsView } from './requests.js';
import { askTransfer } from './transferDialog.js';
import { Session } from './session.js';
import { UsersView } from './users.js';
import { WeatherAlertForm } from './weatherAlertForm.js';
import { WeatherAlertList } from './weatherAlertList.js';

const BASE_TITLE = 'Consola · Línea de Emergencias';
const SESSION_CHECK_MS = 60_000;
const ACTIVE = new Set(['queued', 'assigned']);

const api = new Api();
const session = new Session(api);
const alerts = new UrgentAlerts(BASE_TITLE);
let inApp = false;
let ticker;
let sessionChecker;
let refreshTimer;
let messageTimer;
/** Critical cases already known (alerted, or waiting when the operator logged in): no second alarm. */
const knownCritical = new Set();

const screens = {
    login: byId('login-screen'),
    app: byId('app-screen'),
    cases: byId('cases-screen'),
    users: byId('users-screen'),
    alerts: byId('alerts-screen'),
    requests: byId('requests-screen'),
    knowledge: byId('knowledge-screen')
};
const TABS = { cases: 'nav-cases', users: 'nav-users', alerts: 'nav-alerts', requests: 'nav-requests', knowledge: 'nav-knowledge' };
/** Sections only a supervisor may open (the API refuses operators anyway). */
const SUPERVISOR_ONLY = new Set(['users', 'alerts', 'requests', 'knowledge']);
const loginForm = byId('login-form');
const loginMessage = byId('login-message');
const appMessage = byId('app-error');

function notify(message, kind = 'info') {
    setText(appMessage, message);
    appMessage.className = `app-message app-message--${kind}`;
    appMessage.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    appMessage.hidden = false;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => (appMessage.hidden = true), kind === 'error' ? 10_000 : 4_000);
}

function announce(message, urgent = false) {
    const region = byId(urgent ? 'urgent-announcer' : 'announcer');
    setText(region, '');
    // A fresh text node so screen readers announce the same words twice in a row too.
    setTimeout(() => setText(region, message), 50);
}

const queue = new QueueView(
    {
        queuedList: byId('queued-list'),
        assignedList: byId('assigned-list'),
        queuedCount: byId('queued-count'),
        assignedCount: byId('assigned-count'),
        queuedEmpty: byId('queued-empty'),
        assignedEmpty: byId('assigned-empty'),
        consultaList: byId('consultas-list'),
        consultaCount: byId('consultas-count'),
        consultaEmpty: byId('consultas-empty')
    },
    (caseId) => openCase(caseId)
);

const caseView = new CaseView({
    api,
    session,
    notify,
    nodes: {
        view: byId('case-view'),
        empty: byId('case-empty'),
        priority: byId('case-priority'),
        title: byId('case-title'),
        status: byId('case-status'),
        holder: byId('case-holder'),
        claim: byId('action-claim'),
        release: byId('action-release'),
        returnToBot: byId('action-return'),
        resolve: byId('action-resolve'),
        transfer: byId('action-transfer'),
        report: byId('report-card'),
        reportEdit: byId('report-edit'),
        locationBody: byId('location-body'),
        photoBody: byId('photo-body'),
        audit: byId('audit-list'),
        transcript: byId('transcript'),
        composer: byId('composer'),
        composerText: byId('composer-text'),
        composerSend: byId('composer-send'),
        composerLabel: byId('composer-label')
    },
    onChanged: () => scheduleRefresh(),
    openResolveDialog,
    openTransferDialog: (value) => askTransfer(api, value)
});

const offers = new OfferBanner({
    api,
    announce,
    notify,
    openCase: (caseId) => openCase(caseId),
    node: byId('offer-banner'),
    text: byId('offer-banner-text'),
    accept: byId('offer-banner-accept'),
    view: byId('offer-banner-view')
});
const availability = new AvailabilityControl({ api, session, notify, announce, node: byId('availability') });

const users = new UsersView({
    api,
    session,
    notify,
    nodes: { list: byId('users-list'), form: byId('user-form'), message: byId('user-form-message') }
});

const requests = new RequestsView({
    api,
    notify,
    nodes: {
        state: byId('requests-state'),
        refresh: byId('requests-refresh'),
        status: byId('requests-status'),
        list: byId('requests-list'),
        empty: byId('requests-empty'),
        more: byId('requests-more'),
        placeholder: byId('request-placeholder'),
        body: byId('request-body')
    }
});

const knowledge = new KnowledgeView({
    api,
    notify,
    nodes: {
        list: byId('knowledge-list'),
        status: byId('knowledge-status'),
        add: byId('knowledge-new'),
        form: byId('knowledge-form'),
        formTitle: byId('knowledge-form-title'),
        id: byId('knowledge-id'),
        title: byId('knowledge-entry-title'),
        answer: byId('knowledge-answer'),
        counter: byId('knowledge-answer-count'),
        askedAs: byId('knowledge-asked-as'),
        message: byId('knowledge-form-message'),
        save: byId('knowledge-save'),
        remove: byId('knowledge-delete'),
        history: byId('knowledge-history'),
        previewForm: byId('knowledge-preview-form'),
        previewText: byId('knowledge-preview-text'),
        previewRun: byId('knowledge-preview-run'),
        previewResult: byId('knowledge-preview-result')
    }
});

const weatherList = new WeatherAlertList({
    api,
    notify,
    nodes: {
        approvalSection: byId('approval-section'),
        approvalList: byId('approval-list'),
        approvalCount: byId('approval-count'),
        list: byId('broadcast-list'),
        empty: byId('broadcast-empty'),
        status: byId('broadcasts-status'),
        refresh: byId('broadcasts-refresh')
    }
});

const weatherForm = new WeatherAlertForm({
    api,
    notify,
    nodes: {
        form: byId('alert-form'),
        levels: byId('alert-levels'),
        phenomenon: byId('alert-phenomenon'),
        all: byId('alert-all'),
        departments: byId('alert-departments'),
        text: byId('alert-text'),
        counter: byId('alert-text-count'),
        validUntil: byId('alert-valid-until'),
        reach: byId('alert-reach'),
        message: byId('alert-form-message'),
        submit: byId('alert-review')
    },
    onSent: (broadcast) => weatherList.added(broadcast).catch(() => {})
});

const passwordChange = new PasswordChangeView({
    session,
    nodes: {
        screen: byId('password-screen'),
        form: byId('password-form'),
        user: byId('password-user'),
        message: byId('password-message'),
        current: byId('password-current'),
        next: byId('password-new'),
        repeat: byId('password-repeat'),
        submit: byId('password-submit'),
        logout: byId('password-logout')
    },
    onChanged: () => {
        enterApp();
        notify('Contraseña cambiada. Ya puede atender casos.', 'info');
    },
    onLogout: () => logOut()
});

const live = new LiveEvents('/api/operator/events', {
    onEvent: handleEvent,
    onStatus: showConnection,
    onConnected: () => {
        // Whatever happened while the stream was down.
        scheduleRefresh();
        if (caseView.caseId) caseView.reload().catch(() => {});
    },
    beforeReconnect: async () => {
        if (!inApp) return false;
        try {
            await session.check();
            return true;
        } catch (error) {
            return error.status !== 401;
        }
    }
});

api.onUnauthorized = () => expire('Su sesión expiró. Ingrese de nuevo para seguir atendiendo.');
// The password was reset by a supervisor while this console was open (or the server says so first): ask for it.
api.onPasswordChangeRequired = () => askForOwnPassword();
session.onExpired = () => expire('Su sesión terminó (fin del turno). Ingrese de nuevo.');

alerts.onChange = () => {
    const banner = byId('urgent-banner');
    const first = alerts.first();
    banner.hidden = !first;
    if (first) setText(byId('urgent-banner-text'), `¡Caso crítico nuevo! ${first[1]}${alerts.count > 1 ? ` (y ${alerts.count - 1} más)` : ''}`);
};
/** A case handed to this operator: a banner until opened or closed, and the screen reader hears it at once. */
let transferredCaseId;
function raiseTransfer(data) {
    transferredCaseId = data.case.id;
    const who = citizenName(data.case).name;
    setText(byId('transfer-banner-text'), `Le transfirieron un caso: ${who}. Nota de ${data.from}: ${data.note}`);
    byId('transfer-banner').hidden = false;
    announce(`Le transfirieron el caso de ${who}. Nota: ${data.note}`, true);
}
function dismissTransfer() {
    transferredCaseId = undefined;
    byId('transfer-banner').hidden = true;
}
byId('transfer-banner-open').addEventListener('click', () => {
    const caseId = transferredCaseId;
    dismissTransfer();
    if (caseId) openCase(caseId);
});
byId('transfer-banner-close').addEventListener('click', () => dismissTransfer());

byId('urgent-banner-open').addEventListener('click', () => {
    const first = alerts.first();
    if (first) openCase(first[0]);
});

// --- screens ---------------------------------------------------------------------------------------

function showLogin(message) {
    inApp = false;
    passwordChange.hide();
    screens.app.hidden = true;
    screens.login.hidden = false;
    setText(loginMessage, message || '');
    loginMessage.hidden = !message;
    document.title = BASE_TITLE;
    const password = byId('login-password');
    password.value = '';
    (byId('login-username').value ? password : byId('login-username')).focus();
}

function enterApp() {
    inApp = true;
    const user = session.user;
    setText(byId('user-name'), user.displayName || user.username);
    setText(byId('user-role'), user.role === 'supervisor' ? 'Supervisor' : 'Operador');
    byId('logout').title = `Cerrar la sesión de ${user.displayName || user.username}`;
    byId('nav-users').hidden = !session.isSupervisor;
    byId('nav-alerts').hidden = !session.isSupervisor;
    byId('nav-requests').hidden = !session.isSupervisor;
    byId('nav-knowledge').hidden = !session.isSupervisor;
    queue.setUser(user.username);
    availability.render();
    showSection('cases');
    screens.login.hidden = true;
    screens.app.hidden = false;
    knownCritical.clear();
    refreshQueue(true).catch((error) => notify(error.message, 'error'));
    live.start();
    clearInterval(ticker);
    ticker = setInterval(() => {
        queue.tick();
        offers.tick();
    }, 1000);
    clearInterval(sessionChecker);
    sessionChecker = setInterval(() => session.check().catch(() => {}), SESSION_CHECK_MS);
}

/** Back to the login screen's world: nothing live, nothing shown; `keepSession` for the password change. */
function leaveApp(keepSession = false) {
    live.stop();
    clearInterval(ticker);
    clearInterval(sessionChecker);
    clearTimeout(refreshTimer);
    weatherList.stop();
    requests.reset();
    knowledge.reset();
    alerts.clearAll();
    dismissTransfer();
    caseView.close();
    queue.update([], []);
    if (!keepSession) session.end();
}

function expire(message) {
    if (!inApp && !passwordChange.shown) return;
    if (inApp) leaveApp();
    else session.end();
    showLogin(message);
}

/** The operator logged in with a password someone else set: their own comes first, the cases after. */
function askForOwnPassword(message) {
    // Several refused requests may say so at once: what the operator already typed stays.
    if (passwordChange.shown) return;
    if (inApp) {
        leaveApp(true);
        inApp = false;
    }
    screens.app.hidden = true;
    screens.login.hidden = true;
    document.title = BASE_TITLE;
    passwordChange.show(message);
}

/** After a login or a resumed session: the password change when it is owed, the console otherwise. */
function enterAfterLogin() {
    if (session.mustChangePassword) askForOwnPassword();
    else enterApp();
}

function showSection(requested) {
    const name = SUPERVISOR_ONLY.has(requested) && !session.isSupervisor ? 'cases' : requested;
    for (const [section, tabId] of Object.entries(TABS)) {
        screens[section].hidden = section !== name;
        const tab = byId(tabId);
        if (section === name) tab.setAttribute('aria-current', 'page');
        else tab.removeAttribute('aria-current');
    }
    if (name === 'users') users.load().catch((error) => notify(error.message, 'error'));
    if (name === 'requests') requests.refresh().catch(() => {});
    if (name === 'knowledge') knowledge.load().catch(() => {});
    // The alert list polls only while it is on screen.
    if (name === 'alerts') {
        weatherForm.shown();
        weatherList.start();
    } else {
        weatherList.stop();
    }
}

function showConnection(status) {
    const node = byId('connection');
    const labels = { live: 'En vivo', connecting: 'Conectando…', offline: 'Sin conexión · reintentando' };
    node.className = `connection connection--${status}`;
    setText(node, labels[status] || status);
}

// --- queue and cases -------------------------------------------------------------------------------

async function refreshQueue(initial = false) {
    const [queued, assigned] = await Promise.all([api.get('/api/operator/cases?status=queued'), api.get('/api/operator/cases?status=assigned')]);
    if (!inApp) return;
    for (const c of queued.cases) {
        if (c.priority !== 'critical') continue;
        // At login the queue is on screen, badges and all; later, a critical case no event announced (the live stream
        // was down, or another instance's change came late) raises the alarm when the queue shows it.
        if (initial) knownCritical.add(c.id);
        else raiseCritical(c);
    }
    queue.update(queued.cases, assigned.cases);
    offers.update(queued.cases, session.user && session.user.username);
}

/** The alarm for a critical case waiting for an operator: banner, sound, screen reader; once per case. */
function raiseCritical(value) {
    if (value.status !== 'queued' || value.priority !== 'critical' || knownCritical.has(value.id)) return false;
    knownCritical.add(value.id);
    const who = citizenName(value).name;
    const where = (value.report && value.report.departmentName) || 'departamento sin indicar';
    alerts.raise(value.id, `${who} · ${where}`);
    announce(`Caso crítico nuevo: ${who}, ${where}.`, true);
    return true;
}

/** Many events arrive together (a claim changes several cases): one reload for all of them. */
function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
        if (inApp) refreshQueue().catch((error) => notify(error.message, 'error'));
        // The supervisors' team table counts cases held: it follows the same changes while on screen.
        if (inApp && !screens.users.hidden) users.load().catch(() => {});
    }, 100);
}

async function openCase(caseId) {
    showSection('cases');
    queue.select(caseId);
    alerts.seen(caseId);
    try {
        await caseView.open(caseId);
    } catch (error) {
        notify(error.message, 'error');
    }
}

function handleEvent(type, data) {
    if (type === 'operator.availability') {
        const me = session.user;
        // This operator's own change made in another tab: the header follows.
        if (me && data.username === me.username) {
            session.user = { ...me, availability: data.availability };
            availability.render();
            if (data.reason === 'missed_offer')
                notify('No aceptó a tiempo un caso que se le ofreció: su estado pasó a «En pausa». Cuando vuelva, elija «Disponible».', 'error');
        }
        if (inApp && !screens.users.hidden) users.load().catch(() => {});
        return;
    }
    if (type === 'case.transferred' && data.case && session.user && data.to === session.user.username) raiseTransfer(data);
    if (type === 'message') {
        const entry = data.message;
        if (data.caseId === caseView.caseId) caseView.addMessage(entry);
        else if (entry && entry.author === 'citizen') queue.markUnread(data.caseId);
        return;
    }
    const value = data.case;
    if (!value) return;
    if (!raiseCritical(value) && type === 'case.created') announce(`Caso nuevo en espera: ${citizenName(value).name}.`);
    if (!ACTIVE.has(value.status)) alerts.seen(value.id);
    if (type === 'case.reminder' && value.assignedTo === (session.user && session.user.username)) {
        notify(`Recordatorio: ${citizenName(value).name} espera su respuesta.`, 'error');
    }
    if (value.id === caseView.caseId && type !== 'case.reminder') caseView.reload().catch(() => {});
    scheduleRefresh();
}

// --- resolve dialog --------------------------------------------------------------------------------

function openResolveDialog() {
    const dialog = byId('resolve-dialog');
    const input = byId('resolve-outcome');
    const message = byId('resolve-message');
    input.value = '';
    message.hidden = true;
    return askInDialog({
        dialog,
        form: byId('resolve-form'),
        cancel: byId('resolve-cancel'),
        focus: input,
        cancelled: undefined,
        submitted: () => {
            const outcome = input.value.trim();
            if (outcome) return { value: outcome };
            setText(message, 'Escriba o elija cómo terminó el caso.');
            message.hidden = false;
            input.focus();
            return undefined;
        }
    });
}

// --- login / logout --------------------------------------------------------------------------------

loginForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    alerts.unlockSound();
    const username = byId('login-username').value.trim();
    const password = byId('login-password').value;
    if (!username || !password) {
        setText(loginMessage, 'Escriba su usuario y su contraseña.');
        loginMessage.hidden = false;
        return;
    }
    const submit = byId('login-submit');
    submit.disabled = true;
    try {
        await session.login(username, password);
        loginMessage.hidden = true;
        enterAfterLogin();
    } catch (error) {
        const refused = error.status === 401;
        setText(loginMessage, refused ? 'Usuario o contraseña incorrectos.' : error.message);
        loginMessage.hidden = false;
        // Only a refused password is cleared: after "retry in a moment" (storage, the network) the operator just retries.
        if (refused) byId('login-password').value = '';
        byId('login-password').focus();
    } finally {
        submit.disabled = false;
    }
});

async function logOut() {
    live.stop();
    try {
        // Before leaving: the logout itself needs the CSRF token that leaving forgets.
        await session.logout();
    } catch {
        // The session may already be gone; the screen goes back to login either way.
    }
    if (inApp) leaveApp();
    showLogin('Sesión cerrada.');
}

byId('logout').addEventListener('click', () => logOut());

byId('nav-cases').addEventListener('click', () => showSection('cases'));
byId('nav-users').addEventListener('click', () => showSection('users'));
byId('nav-alerts').addEventListener('click', () => showSection('alerts'));
byId('nav-requests').addEventListener('click', () => showSection('requests'));
byId('nav-knowledge').addEventListener('click', () => showSection('knowledge'));
byId('refresh').addEventListener('click', () => refreshQueue().catch((error) => notify(error.message, 'error')));
// Any click or key on the page counts as the gesture that lets the console beep later (after a reload).
document.addEventListener('pointerdown', () => alerts.unlockSound(), { once: true });
document.addEventListener('keydown', () => alerts.unlockSound(), { once: true });

// --- start -----------------------------------------------------------------------------------------

session.resume().then(
    (user) => {
        if (user) enterAfterLogin();
        else showLogin();
    },
    () => showLogin('No se pudo contactar al servidor. Recargue la página en unos segundos.')
);
