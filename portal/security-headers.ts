import helmet from 'helmet';
import type { PortalSettings } from './options.ts';

// Security headers for every portal response. Scripts and styles load only from the portal itself,
// with no inline code, so an injected tag cannot run or restyle a page. Forms may also target the
// OpenID provider, because browsers apply form-action to the redirect that follows the sign-out
// form, and that redirect goes to the provider's end-session endpoint.
export function securityHeaders(settings: PortalSettings) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", settings.issuerUrl.origin],
        // Upgrading requests only makes sense when the portal itself is served over https.
        upgradeInsecureRequests: settings.https ? [] : null,
      },
    },
    strictTransportSecurity: settings.https ? { maxAge: 15_552_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
