/**
 * A screen: its heading takes focus when the screen appears (tabindex=-1), so keyboard and screen
 * reader users land at the start of what changed. `focus={false}` when a field should get it instead.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export type HeadingLevel = 1 | 2 | 3;

export function Heading(props: { level: HeadingLevel; id?: string; class?: string; focus?: boolean; children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.focus) ref.current?.focus();
  }, []);
  const Tag = `h${props.level}` as 'h1';
  return (
    <Tag ref={ref} id={props.id} class={props.class} tabIndex={props.focus === undefined ? undefined : -1}>
      {props.children}
    </Tag>
  );
}

export function Screen(props: {
  title: string;
  level?: HeadingLevel;
  headingId?: string;
  /** Move focus to the heading when the screen appears (default true). */
  focus?: boolean;
  class?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={`screen ${props.class ?? ''}`}>
      <Heading level={props.level ?? 1} id={props.headingId} class="screen-title" focus={props.focus ?? true}>
        {props.title}
      </Heading>
      {props.children}
    </div>
  );
}

/**
 * A card of a screen: a section named by its level-2 heading (`id`), the way every options card is.
 * `focus={false}` lets the heading take focus later (tabindex=-1) without taking it on appear.
 */
export function Card(props: { id: string; title: string; class?: string; focus?: boolean; children?: ComponentChildren }) {
  return (
    <section class={`card ${props.class ?? ''}`.trim()} aria-labelledby={props.id}>
      <Heading level={2} id={props.id} focus={props.focus}>
        {props.title}
      </Heading>
      {props.children}
    </section>
  );
}
