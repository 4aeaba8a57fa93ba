/** Whether the start of a YAML/JSON file is a CloudFormation template (cheap to load: no parser behind it). */
export const looksLikeTemplate = (head: string): boolean => /(^|\n|[{,])\s*"?AWSTemplateFormatVersion"?\s*:/.test(head) || /"?Type"?\s*:\s*"?AWS::[A-Za-z0-9]+::/.test(head);
