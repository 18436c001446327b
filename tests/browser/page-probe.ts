/**
 * Reading the dashboard page from a test. The in-page code is sent as expression text: this
 * project's TypeScript has no DOM library (host code must not see `window`), so nothing here
 * is typed against the DOM.
 */
import type { Page } from 'playwright-core';

export const WAIT = { timeout: 60000 };

const q = (s: string): string => JSON.stringify(s);

/** An attribute of the first element matching `selector` (null: no element or no attribute). */
export async function attr(page: Page, selector: string, name: string): Promise<string | null> {
  const v: unknown = await page.evaluate(`(() => { const el = document.querySelector(${q(selector)}); return el ? el.getAttribute(${q(name)}) : null; })()`);
  return typeof v === 'string' ? v : null;
}

/** The raw value (data-value) of the element, '' when unknown, null when absent. */
export function dataValue(page: Page, selector: string): Promise<string | null> {
  return attr(page, selector, 'data-value');
}

/** Waits until the element's attribute equals `want`. */
export async function waitForAttr(page: Page, selector: string, name: string, want: string): Promise<void> {
  await page.waitForFunction(`(() => { const el = document.querySelector(${q(selector)}); return el !== null && el.getAttribute(${q(name)}) === ${q(want)}; })()`, undefined, WAIT);
}

/** Waits until `expression` (page JavaScript) is truthy. */
export async function waitForExpr(page: Page, expression: string): Promise<void> {
  await page.waitForFunction(expression, undefined, WAIT);
}

/** Evaluates page JavaScript and returns its JSON value. */
export async function evalJson(page: Page, expression: string): Promise<unknown> {
  return page.evaluate(`JSON.parse(JSON.stringify(${expression}))`);
}
