/**
 * Appends in place without `push(...items)`: spreading a very large array into call arguments
 * overflows the stack (seen with 400,000 network interfaces).
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}
