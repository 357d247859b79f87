import { parseArgs } from "node:util";
import { DEFAULT_ROLES, mintDevToken } from "../shared/auth/dev-token";
import { authSettings } from "../shared/auth/settings";
import { hubSettings } from "../shared/config";

/**
 * `npm run token -- --agency <AGENCY> --unit <UNIT_ID> [--roles R1,R2] [--sub USER]`: prints a
 * token from the local development issuer, for the Authorization header. Development only.
 */
async function main() {
  const { values } = parseArgs({
    options: { agency: { type: "string" }, unit: { type: "string" }, roles: { type: "string" }, sub: { type: "string" } },
  });
  if (!values.agency || !values.unit) throw new Error("Usage: npm run token -- --agency <AGENCY> --unit <UNIT_ID> [--roles R1,R2] [--sub USER]");
  if (!authSettings().devIssuerEnabled) throw new Error("The development issuer is disabled (DEV_ISSUER=false or production)");
  const agency = values.agency.toUpperCase();
  const roles = values.roles ? values.roles.split(",").map((role) => role.trim().toUpperCase()).filter(Boolean) : (DEFAULT_ROLES[agency] ?? []);
  return mintDevToken(hubSettings().dataDir, { sub: values.sub ?? `dev-${agency.toLowerCase()}-user`, agency, unit: values.unit, roles });
}

main().then(
  (token) => console.log(token),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
