import { EligibilityGround, Gender, JobseekerStatus, ProgrammeType, ResidenceStatus } from "../../../shared/enums";
import { assessEligibility, EligibilityAssessment, EligibilityFacts, isEligibleFor } from "./eligibility";

const ON = "2026-03-15";

/** An adult citizen man with no ground at all; each test adds what it is about. */
function facts(overrides: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    birthDate: "1980-06-01",
    gender: Gender.MALE,
    residenceStatus: ResidenceStatus.CITIZEN,
    languageBarrier: false,
    romaCommunity: false,
    jobseekerStatus: null,
    receivesSocialAssistance: false,
    hasComplexSocialProblems: false,
    ...overrides,
  };
}

const unemployed = { jobseekerStatus: JobseekerStatus.UNEMPLOYED };

describe("assessEligibility: grounds", () => {
  it("financial social assistance alone is a ground", () => {
    expect(assessEligibility(facts({ receivesSocialAssistance: true }), ON)).toEqual({
      eligible: true,
      grounds: [EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE],
      programmeTypes: [ProgrammeType.GENERAL],
    });
  });

  it("registered unemployment alone is a ground", () => {
    expect(assessEligibility(facts(unemployed), ON)).toEqual({
      eligible: true,
      grounds: [EligibilityGround.REGISTERED_UNEMPLOYED],
      programmeTypes: [ProgrammeType.GENERAL],
    });
  });

  it("temporary unemployability under ZUTD alone is a ground", () => {
    expect(assessEligibility(facts({ jobseekerStatus: JobseekerStatus.TEMPORARILY_UNEMPLOYABLE }), ON)).toEqual({
      eligible: true,
      grounds: [EligibilityGround.TEMPORARILY_UNEMPLOYABLE],
      programmeTypes: [ProgrammeType.GENERAL],
    });
  });

  it("complex social problems with no Employment Service record is a ground", () => {
    expect(assessEligibility(facts({ hasComplexSocialProblems: true, jobseekerStatus: null }), ON)).toEqual({
      eligible: true,
      grounds: [EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS],
      programmeTypes: [ProgrammeType.GENERAL],
    });
  });

  it("complex social problems when deregistered is a ground", () => {
    const assessment = assessEligibility(
      facts({ hasComplexSocialProblems: true, jobseekerStatus: JobseekerStatus.DEREGISTERED }),
      ON,
    );
    expect(assessment.grounds).toEqual([EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS]);
    expect(assessment.eligible).toBe(true);
  });

  it("complex social problems while temporarily unemployable count as inactive too", () => {
    const assessment = assessEligibility(
      facts({ hasComplexSocialProblems: true, jobseekerStatus: JobseekerStatus.TEMPORARILY_UNEMPLOYABLE }),
      ON,
    );
    expect(assessment.grounds).toEqual([
      EligibilityGround.TEMPORARILY_UNEMPLOYABLE,
      EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS,
    ]);
  });

  it("complex social problems while employed are no ground", () => {
    expect(
      assessEligibility(facts({ hasComplexSocialProblems: true, jobseekerStatus: JobseekerStatus.EMPLOYED }), ON),
    ).toEqual({ eligible: false, grounds: [], programmeTypes: [] });
  });

  it("complex social problems while registered unemployed give only the unemployment ground", () => {
    expect(assessEligibility(facts({ hasComplexSocialProblems: true, ...unemployed }), ON).grounds).toEqual([
      EligibilityGround.REGISTERED_UNEMPLOYED,
    ]);
  });

  it("an employed or deregistered person without other facts has no ground", () => {
    for (const jobseekerStatus of [JobseekerStatus.EMPLOYED, JobseekerStatus.DEREGISTERED, null]) {
      expect(assessEligibility(facts({ jobseekerStatus }), ON)).toEqual({
        eligible: false,
        grounds: [],
        programmeTypes: [],
      });
    }
  });

  it("lists several grounds in the enum's declaration order", () => {
    expect(assessEligibility(facts({ receivesSocialAssistance: true, ...unemployed }), ON).grounds).toEqual([
      EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE,
      EligibilityGround.REGISTERED_UNEMPLOYED,
    ]);
    expect(
      assessEligibility(
        facts({ receivesSocialAssistance: true, hasComplexSocialProblems: true, jobseekerStatus: null }),
        ON,
      ).grounds,
    ).toEqual([EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE, EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS]);
    expect(
      assessEligibility(
        facts({
          receivesSocialAssistance: true,
          hasComplexSocialProblems: true,
          jobseekerStatus: JobseekerStatus.TEMPORARILY_UNEMPLOYABLE,
        }),
        ON,
      ).grounds,
    ).toEqual([
      EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE,
      EligibilityGround.TEMPORARILY_UNEMPLOYABLE,
      EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS,
    ]);
  });
});

describe("assessEligibility: age and residence", () => {
  it("is not eligible the day before the 18th birthday, but keeps the grounds", () => {
    expect(assessEligibility(facts({ birthDate: "2008-03-16", ...unemployed }), ON)).toEqual({
      eligible: false,
      grounds: [EligibilityGround.REGISTERED_UNEMPLOYED],
      programmeTypes: [],
    });
  });

  it("is eligible on the 18th birthday", () => {
    expect(assessEligibility(facts({ birthDate: "2008-03-15", ...unemployed }), ON).eligible).toBe(true);
  });

  it("a 29 February birthday turns 18 on 1 March in a non-leap year", () => {
    const born = facts({ birthDate: "2008-02-29", receivesSocialAssistance: true });
    expect(assessEligibility(born, "2026-02-28").eligible).toBe(false);
    expect(assessEligibility(born, "2026-03-01").eligible).toBe(true);
  });

  it("depends on the assessment day, not on today", () => {
    const teenager = facts({ birthDate: "2010-01-01", ...unemployed });
    expect(assessEligibility(teenager, "2027-12-31").eligible).toBe(false);
    expect(assessEligibility(teenager, "2028-01-01").eligible).toBe(true);
  });

  it("accepts permanent residence", () => {
    expect(
      assessEligibility(facts({ residenceStatus: ResidenceStatus.PERMANENT_RESIDENCE, ...unemployed }), ON).eligible,
    ).toBe(true);
  });

  it("refuses OTHER residence, keeping the grounds and listing no types", () => {
    expect(
      assessEligibility(
        facts({
          residenceStatus: ResidenceStatus.OTHER,
          gender: Gender.FEMALE,
          languageBarrier: true,
          receivesSocialAssistance: true,
        }),
        ON,
      ),
    ).toEqual({ eligible: false, grounds: [EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE], programmeTypes: [] });
  });

  it("refuses an invalid date", () => {
    expect(() => assessEligibility(facts(unemployed), "2026-02-30")).toThrow(RangeError);
  });
});

describe("assessEligibility: programme types", () => {
  it("a woman with no special target group gets GENERAL only", () => {
    expect(assessEligibility(facts({ gender: Gender.FEMALE, ...unemployed }), ON).programmeTypes).toEqual([
      ProgrammeType.GENERAL,
    ]);
  });

  it("a woman with a language barrier also fits WOMEN_LANGUAGE_BARRIERS", () => {
    expect(
      assessEligibility(facts({ gender: Gender.FEMALE, languageBarrier: true, ...unemployed }), ON).programmeTypes,
    ).toEqual([ProgrammeType.GENERAL, ProgrammeType.WOMEN_LANGUAGE_BARRIERS]);
  });

  it("a Roma woman also fits ROMA_WOMEN", () => {
    expect(
      assessEligibility(facts({ gender: Gender.FEMALE, romaCommunity: true, ...unemployed }), ON).programmeTypes,
    ).toEqual([ProgrammeType.GENERAL, ProgrammeType.ROMA_WOMEN]);
  });

  it("a Roma woman with a language barrier fits all three", () => {
    expect(
      assessEligibility(
        facts({ gender: Gender.FEMALE, romaCommunity: true, languageBarrier: true, ...unemployed }),
        ON,
      ).programmeTypes,
    ).toEqual([ProgrammeType.GENERAL, ProgrammeType.WOMEN_LANGUAGE_BARRIERS, ProgrammeType.ROMA_WOMEN]);
  });

  it("a man with a language barrier or from the Roma community gets GENERAL only", () => {
    expect(assessEligibility(facts({ languageBarrier: true, ...unemployed }), ON).programmeTypes).toEqual([
      ProgrammeType.GENERAL,
    ]);
    expect(
      assessEligibility(facts({ languageBarrier: true, romaCommunity: true, ...unemployed }), ON).programmeTypes,
    ).toEqual([ProgrammeType.GENERAL]);
  });

  it("an ineligible woman from a target group gets no types", () => {
    expect(
      assessEligibility(facts({ gender: Gender.FEMALE, romaCommunity: true, languageBarrier: true }), ON),
    ).toEqual({ eligible: false, grounds: [], programmeTypes: [] });
  });
});

describe("isEligibleFor", () => {
  const romaWoman = assessEligibility(facts({ gender: Gender.FEMALE, romaCommunity: true, ...unemployed }), ON);

  it("is true for the types whose target group fits", () => {
    expect(isEligibleFor(romaWoman, ProgrammeType.GENERAL)).toBe(true);
    expect(isEligibleFor(romaWoman, ProgrammeType.ROMA_WOMEN)).toBe(true);
  });

  it("is false for a type whose target group does not fit", () => {
    expect(isEligibleFor(romaWoman, ProgrammeType.WOMEN_LANGUAGE_BARRIERS)).toBe(false);
  });

  it("is false for every type when not eligible", () => {
    const minor = assessEligibility(facts({ birthDate: "2010-01-01", ...unemployed }), ON);
    for (const type of Object.values(ProgrammeType)) expect(isEligibleFor(minor, type)).toBe(false);
  });

  it("does not trust types listed on an ineligible assessment", () => {
    const inconsistent: EligibilityAssessment = {
      eligible: false,
      grounds: [],
      programmeTypes: [ProgrammeType.GENERAL],
    };
    expect(isEligibleFor(inconsistent, ProgrammeType.GENERAL)).toBe(false);
  });
});
