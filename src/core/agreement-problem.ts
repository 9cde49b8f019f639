/**
 * What the agreement checks report: one problem per field at fault, collected
 * in full and then capped, so a person fixing a file sees everything at once
 * without a thousand lines for one systematic mistake.
 */

/** One reason an agreement is refused. `field` is a path like `versions[1].rules[0].zoneIds[2]`. */
export interface AgreementProblem {
  field: string;
  /** The id of the zone, rule, list or notification at fault. */
  provision?: string;
  reason: string;
}

export const MAX_PROBLEMS = 50;

/** Collects problems; `list()` keeps the first MAX_PROBLEMS and says how many more there were. */
export class Problems {
  readonly all: AgreementProblem[] = [];
  add(field: string, provision: string | undefined, reason: string): void {
    this.all.push(provision === undefined ? { field, reason } : { field, provision, reason });
  }
  list(): AgreementProblem[] {
    return capProblems(this.all);
  }
}

/** The first MAX_PROBLEMS problems, and a last line saying how many were left out. */
export function capProblems(problems: AgreementProblem[]): AgreementProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const more = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { field: '(document)', reason: `${more} more problem(s) not listed` },
  ];
}
