import type { DataSource } from "typeorm";
import { groupLoader } from "../../../shared/loaders";
import { CaseNoteEntity } from "./case-note.entity";

/** A participant's case notes, newest first. */
export const caseNotesLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db.getRepository(CaseNoteEntity).createQueryBuilder("note").where("note.participantId = ANY(:ids)", { ids }).orderBy("note.writtenAt", "DESC").getMany(),
    (note) => note.participantId,
  );
