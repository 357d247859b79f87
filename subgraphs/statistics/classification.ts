import type { ClassificationMap } from "../../shared/classification";

/** Aggregates behind disclosure control: no field holds a person's data (see shared/classification.ts). */
export const statisticsClassification: ClassificationMap = {
  Indicators: "PUBLIC",
  IndicatorValue: "PUBLIC",
  IndicatorCell: "PUBLIC",
  IndicatorRate: "PUBLIC",
  Query: { indicators: "PUBLIC", indicatorSeries: "PUBLIC", statisticsAccessLog: "PERSONAL" },
};
