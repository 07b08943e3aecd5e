/** A contact of the legal pages: an e-mail address or a web page becomes a link, anything else stays text. */
export function ContactLink({ value }: { value: string }) {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>;
  if (/^https:\/\/\S+$/.test(value)) return <a href={value}>{value}</a>;
  return <>{value}</>;
}
