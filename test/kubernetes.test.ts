import fs from "node:fs";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Service } from "kubernetes-models/v1/Service";
import { parseAllDocuments } from "yaml";
import { envName } from "../shared/config";
import { callers, DATABASE_PLACEHOLDER, kubernetesManifests } from "../scripts/kubernetes";
import { SUBGRAPHS } from "../subgraphs";

/**
 * Issue 15: deploy/kubernetes/hub.yaml (generated, scripts/kubernetes.ts) against the Kubernetes API
 * schemas, with kubernetes-models' validators (Kubernetes 1.27 schemas; every kind used here is
 * stable since), and the rules it exists for: probes on the health endpoints, limits, a restricted
 * security context, and network policies where only the gateway and the service-call table's callers
 * reach a subgraph and a subgraph reaches only its own database.
 */
const FILE = path.resolve(__dirname, "..", "deploy", "kubernetes", "hub.yaml");
const text = fs.readFileSync(FILE, "utf8");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;
const manifests: Manifest[] = parseAllDocuments(text).map((document) => document.toJS()).filter(Boolean);

const MODELS: Record<string, new (data: Manifest) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
};
const find = (kind: string, name: string) => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
const components = ["gateway", ...SUBGRAPHS.map((subgraph) => subgraph.name)];
const componentOf = (peer: Manifest) => peer.podSelector?.matchLabels?.["app.kubernetes.io/component"];

describe("deploy/kubernetes/hub.yaml", () => {
  it("is what scripts/kubernetes.ts makes of subgraphs/index.ts (npm run compose)", () => {
    expect(text).toBe(kubernetesManifests(SUBGRAPHS));
  });

  it("validates, every object, against the Kubernetes API schemas", () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const manifest of manifests) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect({ kind: `${manifest.apiVersion}/${manifest.kind}`, known: Boolean(Model) }).toEqual({ kind: `${manifest.apiVersion}/${manifest.kind}`, known: true });
      expect(() => new Model(manifest).validate()).not.toThrow();
    }
  });

  it("has a validator that refuses what the API server would refuse", () => {
    const deployment = structuredClone(find("Deployment", "hub-csd"));
    deployment.spec.replicas = "two";
    expect(() => new Deployment(deployment).validate()).toThrow(/replicas must be integer/);
    const probe = structuredClone(find("Deployment", "hub-csd"));
    delete probe.spec.template.spec.containers[0].readinessProbe.httpGet.port;
    expect(() => new Deployment(probe).validate()).toThrow(/port/);
  });

  it("runs each service from the one image, probed on /health and /ready, with limits and a restricted security context", () => {
    const images = new Set<string>();
    for (const component of components) {
      const deployment = find("Deployment", `hub-${component}`);
      const [container] = deployment.spec.template.spec.containers;
      images.add(container.image);
      expect(container.args).toEqual(component === "gateway" ? ["gateway"] : ["subgraph", component]);
      expect(container.livenessProbe.httpGet.path).toBe("/health");
      expect(container.startupProbe.httpGet.path).toBe("/health");
      expect(container.readinessProbe.httpGet.path).toBe(component === "gateway" ? "/ready?partial=1" : "/ready");
      expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.stringMatching(/Mi$/) });
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      const service = find("Service", `hub-${component}`);
      expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    }
    expect(images.size).toBe(1);
    const config = find("ConfigMap", "hub-config").data;
    expect(config.NODE_ENV).toBe("production");
    for (const subgraph of SUBGRAPHS) {
      expect(config[envName(subgraph.name, "URL")]).toBe(`http://hub-${subgraph.name}:${subgraph.defaultPort}/graphql`);
      const env = find("Deployment", `hub-${subgraph.name}`).spec.template.spec.containers[0].env.map((variable: { name: string }) => variable.name);
      expect(env).toEqual(expect.arrayContaining([envName(subgraph.name, "DATABASE_URL"), envName(subgraph.name, "SIGNING_KEY"), "AUDIT_SIGNING_KEY", "AUDIT_WITNESS_DIR"]));
      // The linkage key reaches the agencies that label indicator facts, and never statistics, which joins them.
      expect({ subgraph: subgraph.name, linkage: env.includes("INDICATOR_LINKAGE_KEY") }).toEqual({ subgraph: subgraph.name, linkage: ["coordination", "employment", "csd", "providers"].includes(subgraph.name) });
    }
    const hpa = find("HorizontalPodAutoscaler", "hub-gateway");
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "hub-gateway" });
  });

  it("lets only the gateway and the service-call table's callers reach a subgraph, and a subgraph only its own database", () => {
    expect(find("NetworkPolicy", "hub-default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const databases = new Set<string>();
    SUBGRAPHS.forEach((subgraph, index) => {
      const policy = find("NetworkPolicy", `hub-${subgraph.name}`).spec;
      expect(policy.podSelector.matchLabels["app.kubernetes.io/component"]).toBe(subgraph.name);
      const from = policy.ingress.flatMap((rule: Manifest) => rule.from.map(componentOf));
      expect(from.sort()).toEqual(["gateway", ...callers(subgraph.name, SUBGRAPHS)].sort());
      expect(from).not.toContain(subgraph.name);
      const blocks = policy.egress.flatMap((rule: Manifest) => (rule.to ?? []).filter((peer: Manifest) => peer.ipBlock).map((peer: Manifest) => peer.ipBlock.cidr));
      expect(blocks).toEqual([DATABASE_PLACEHOLDER(index)]);
      databases.add(blocks[0]);
      // Pods it may call are those whose policy lets it in.
      for (const target of policy.egress.flatMap((rule: Manifest) => (rule.to ?? []).map(componentOf)).filter(Boolean)) {
        expect({ from: subgraph.name, to: target, allowed: callers(target, SUBGRAPHS).includes(subgraph.name) }).toEqual({ from: subgraph.name, to: target, allowed: true });
      }
    });
    expect(databases.size).toBe(SUBGRAPHS.length);
    // Coordination is asked for case teams by every subgraph; it merges every subgraph's access log.
    expect(callers("coordination", SUBGRAPHS).sort()).toEqual(SUBGRAPHS.map((subgraph) => subgraph.name).filter((name) => name !== "coordination").sort());
  });
});
