import type { ClassificationMap } from "../../shared/classification";

/** What each field holds: PUBLIC, PERSONAL, or SENSITIVE (GDPR Art. 9). See shared/classification.ts. */
export const __camel__Classification: ClassificationMap = {
  __Pascal__Service: "PUBLIC",
  Participant: { id: "PERSONAL" },
  Query: { __camel__Services: "PUBLIC", __camel__AccessLog: "PERSONAL" },
};
