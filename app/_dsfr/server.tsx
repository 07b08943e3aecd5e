import 'server-only';
import {
  createGetHtmlAttributes,
  DsfrHeadBase,
  type DsfrHeadProps,
} from '@codegouvfr/react-dsfr/next-app-router/server-only-index';
import { Link } from '@/app/_components/Link';

export const { getHtmlAttributes } = createGetHtmlAttributes({ defaultColorScheme: 'system' });

export function DsfrHead(props: DsfrHeadProps) {
  return <DsfrHeadBase Link={Link} {...props} />;
}
