export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}

// Builds the option list for the select partial, marking the value the user chose last.
export function selectOptions(choices: Record<string, string> | string[], chosen: string | undefined): SelectOption[] {
  const entries = Array.isArray(choices) ? choices.map((choice) => [choice, choice] as const) : Object.entries(choices);
  return entries.map(([value, label]) => ({ value, label, selected: value === chosen }));
}
