import { GraphiQL } from "graphiql";
import { StrictMode, useEffect, useMemo, useState, type ComponentProps, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "./explorer.css";
import { IndicatorsView } from "./indicators";

/**
 * The explorer's page script: GraphiQL over the gateway, a sign-in bar above it. Everything it
 * needs comes from the page (gateway/explorer/index.ts writes the config as JSON) and from this
 * origin; the token lives in memory only, so closing or reloading the page signs out.
 */
interface ExplorerConfig {
  endpoint: string;
  tabs: { query: string; variables?: string }[];
  demoUsers: { name: string; label: string; agency: string }[];
  devTokenPath: string | null;
  reportPath: string;
  reportParticipantId: string;
}

interface SignedIn {
  token: string;
  who: string;
}

/** What the page shows below its bars: GraphiQL, or the indicators page (issue 17). */
type View = "graphql" | "indicators";

type Fetcher = ComponentProps<typeof GraphiQL>["fetcher"];
type GraphiQLStorage = NonNullable<ComponentProps<typeof GraphiQL>["storage"]>;

/**
 * GraphiQL's storage, in this page's memory only. By default GraphiQL keeps tabs, queries,
 * variables, headers and its history in localStorage, and its history keeps the headers even with
 * shouldPersistHeaders off: a token typed into the headers editor, or a person's name and EMŠO typed
 * into a write's variables, stayed on disk for the next user of the browser (red team). Closing or
 * reloading the page forgets everything.
 */
function memoryStorage(): GraphiQLStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    get length() {
      return items.size;
    },
  };
}
const storage = memoryStorage();

const config = JSON.parse(document.getElementById("explorer-config")!.textContent!) as ExplorerConfig;

/** Apollo's explorer, for those online: a plain link, nothing of it loads here. */
const sandboxUrl = `https://studio.apollographql.com/sandbox/explorer?endpoint=${encodeURIComponent(new URL(config.endpoint, location.href).href)}`;

/**
 * The operation to run: GraphiQL keeps the operation name of the tab that was open a moment before
 * when the run button is clicked right after switching tabs (seen in the browser test: "The document
 * has no operation named Directory" for ParticipantView). A name the document does not hold is
 * replaced by the document's only operation, or dropped for the server to say which it needs.
 */
function operationToRun(query: string, operationName: string | null | undefined): string | undefined {
  if (!operationName) return undefined;
  const names = [...query.matchAll(/(?:^|[\s}])(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)].map(([, name]) => name);
  if (names.includes(operationName)) return operationName;
  return names.length === 1 ? names[0] : undefined;
}

/** Every request carries the signed-in user's token; headers typed in GraphiQL's header editor come too, the token last. */
const fetcherFor =
  (token: string | null): Fetcher =>
  async (graphiqlParams, options) => {
    const params = { ...graphiqlParams, operationName: operationToRun(graphiqlParams.query, graphiqlParams.operationName) };
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: {
        ...(options?.headers as Record<string, string> | undefined),
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(params),
    });
    return response.json();
  };

/** Who a pasted token says it is (unverified: the gateway verifies it with every request). */
function describeToken(token: string): string {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: string; agency?: string };
    return payload.sub ? `${payload.sub}${payload.agency ? ` (${payload.agency})` : ""}` : "a pasted token";
  } catch {
    return "a pasted token";
  }
}

function SignInBar({ signedIn, onSignIn, onSignOut, view, onView }: { signedIn: SignedIn | null; onSignIn(user: SignedIn): void; onSignOut(): void; view: View; onView(view: View): void }) {
  const [pasted, setPasted] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  async function signInAs(user: ExplorerConfig["demoUsers"][number]) {
    setProblem(null);
    const response = await fetch(config.devTokenPath!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: user.name }) });
    const answer = (await response.json()) as { token?: string; errors?: { message: string }[] };
    if (!answer.token) return setProblem(answer.errors?.[0]?.message ?? `Sign-in failed (${response.status})`);
    onSignIn({ token: answer.token, who: `${user.label} (${user.agency})` });
  }

  function usePasted(event: FormEvent) {
    event.preventDefault();
    const token = pasted.trim().replace(/^Bearer\s+/i, "");
    if (!token) return;
    onSignIn({ token, who: describeToken(token) });
    setPasted("");
  }

  return (
    <header className="explorer-bar">
      <strong className="explorer-title">Social activation hub</strong>
      <span className="explorer-views" role="group" aria-label="View">
        <button type="button" aria-pressed={view === "graphql"} onClick={() => onView("graphql")}>
          GraphQL
        </button>
        <button type="button" aria-pressed={view === "indicators"} onClick={() => onView("indicators")}>
          Kazalniki / Indicators
        </button>
      </span>
      <span className="explorer-status" data-testid="signed-in">
        {signedIn ? <>Signed in as {signedIn.who}</> : config.devTokenPath ? <>Not signed in: the schema only</> : <>Not signed in</>}
      </span>
      {signedIn && (
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      )}
      {config.demoUsers.length > 0 && (
        <span className="explorer-demo-users" role="group" aria-label="Demo users (development)">
          Sign in as
          {config.demoUsers.map((user) => (
            <button key={user.name} type="button" title={user.label} onClick={() => void signInAs(user)}>
              {user.name}
            </button>
          ))}
        </span>
      )}
      <form className="explorer-token" onSubmit={usePasted}>
        <input type="password" autoComplete="off" placeholder="Paste a bearer token" aria-label="Bearer token" value={pasted} onChange={(event) => setPasted(event.target.value)} />
        <button type="submit">Use token</button>
      </form>
      {problem && <span className="explorer-problem">{problem}</span>}
      <a className="explorer-sandbox" href={sandboxUrl} target="_blank" rel="noreferrer noopener">
        Apollo Sandbox (online)
      </a>
    </header>
  );
}

/**
 * The participant's report (GET /report/<id>, gateway/report/) for the signed-in user: fetched with
 * the user's token, which a link or a new tab could not send, and opened from a blob: URL in a new
 * tab (or from the link shown when the browser blocks the tab). The report exists in this page's
 * memory and that tab only; its URL is revoked when the next report is asked for, or after a minute.
 */
function ReportForm({ token }: { token: string }) {
  const [participantId, setParticipantId] = useState(config.reportParticipantId);
  const [opened, setOpened] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function openReport(event: FormEvent) {
    event.preventDefault();
    const id = participantId.trim();
    if (!id) return;
    setProblem(null);
    setBusy(true);
    if (opened) URL.revokeObjectURL(opened);
    setOpened(null);
    try {
      const response = await fetch(`${config.reportPath}${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}`, accept: "text/html" } });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
        return setProblem(answer?.errors?.[0]?.message ?? `The report could not be produced (${response.status})`);
      }
      const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html;charset=utf-8" }));
      setOpened(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      window.open(url, "_blank");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="explorer-report" onSubmit={openReport}>
      <input type="text" autoComplete="off" spellCheck={false} placeholder="Participant id" aria-label="Participant id for the report" value={participantId} onChange={(event) => setParticipantId(event.target.value)} />
      <button type="submit" disabled={busy} title="GDPR Art. 15: for the participant's assigned coordinator and a data protection officer">
        Participant's report
      </button>
      {opened && (
        <a href={opened} target="_blank" rel="noreferrer" data-testid="report-link">
          open the report
        </a>
      )}
      {problem && (
        <span className="explorer-problem" data-testid="report-problem">
          {problem}
        </span>
      )}
    </form>
  );
}

function Explorer() {
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [view, setView] = useState<View>("graphql");
  // A new fetcher when the user changes: GraphiQL loads the schema again with the new token.
  const fetcher = useMemo(() => fetcherFor(signedIn?.token ?? null), [signedIn]);
  // The documentation opens as a click on its button opens it: GraphiQL 4's visiblePlugin prop marks
  // the plugin visible but leaves its pane collapsed, and the button's first click then closes it.
  // Its button appears once GraphiQL has registered its plugins, a render after this one.
  useEffect(() => {
    const open = () => {
      const button = document.querySelector<HTMLButtonElement>('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]');
      button?.click();
      return Boolean(button);
    };
    if (open()) return;
    const observer = new MutationObserver(() => open() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div className="explorer">
      {/* Signing out starts the page afresh: no answer, header or history of the last user stays on screen or in memory. */}
      <SignInBar signedIn={signedIn} onSignIn={setSignedIn} onSignOut={() => location.reload()} view={view} onView={setView} />
      {signedIn && <ReportForm token={signedIn.token} />}
      {view === "indicators" && <IndicatorsView endpoint={config.endpoint} token={signedIn?.token ?? null} />}
      {/* GraphiQL stays mounted while the indicators are shown, so its tabs and answers are there on the way back. */}
      <main className="explorer-graphiql" hidden={view !== "graphql"}>
        <GraphiQL fetcher={fetcher} storage={storage} defaultTabs={config.tabs} defaultEditorToolsVisibility="variables" shouldPersistHeaders={false} />
      </main>
    </div>
  );
}

createRoot(document.getElementById("explorer")!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
