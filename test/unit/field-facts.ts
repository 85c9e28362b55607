/**
 * Hand-written facts for the classifier and planner tests: what collect.ts would send for a plain
 * field in a plain form, with nothing in it that suggests a role. Each test sets what it is about.
 */
import type { FieldFacts, FormFacts, FrameInfo } from '../../src/forms/types';

/** A form with no id, name, action, buttons, heading or counted fields; `over` sets the rest. */
export const blankForm = (over: Partial<FormFacts> = {}): FormFacts => ({
  index: 0,
  id: '',
  name: '',
  actionPath: '',
  submitTexts: [],
  heading: '',
  passwordCount: 0,
  fieldCount: 0,
  textCount: 0,
  ...over,
});

/** A text input at `index` of `form` in `frame`: no name, label, hint, option or value, no visibility facts. */
export function blankField(index: number, form: FormFacts, frame: FrameInfo): FieldFacts {
  return {
    index,
    tag: 'input',
    type: 'text',
    name: '',
    id: '',
    autocomplete: '',
    labels: [],
    ariaLabel: '',
    labelledBy: '',
    placeholder: '',
    title: '',
    nearby: '',
    after: '',
    legend: '',
    hints: '',
    options: [],
    optionCount: 0,
    maxLength: null,
    required: false,
    readOnly: false,
    disabled: false,
    checked: null,
    value: '',
    inputMode: '',
    inShadow: false,
    ariaHidden: false,
    tabIndex: 0,
    form,
    frame,
  };
}
