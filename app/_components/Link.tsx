import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The application's link: Next's, without prefetching (DECISIONS « No prefetching »). Every page
 * here is rendered for its reader (session, school, nonce), so a prefetch is a server render
 * nobody may ever read: a director's page view made five of them (~9 ms of the server's processor
 * each, as much as the page itself), the sign-in page six. A click still navigates without
 * reloading the page. `prefetch` given explicitly still wins.
 */
export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
