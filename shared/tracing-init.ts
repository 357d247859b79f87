/**
 * Starts tracing (shared/tracing.ts) when this module is loaded: scripts/start.ts imports it before
 * anything else, so that `http` and `pg` are instrumented when they are first required. The service
 * is the one the supervisor names (HUB_SERVICE), else the whole hub in one process.
 */
import { startTracing } from "./tracing";

startTracing(process.env.HUB_SERVICE ?? "all");
