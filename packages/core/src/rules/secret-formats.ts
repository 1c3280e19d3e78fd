/**
 * The token formats `secret` finds: one entry per family, with where its format is documented.
 * Families were picked by how often they leak from web and npm projects (the recommended rule
 * sets of gitleaks and secretlint, GitHub's push-protection partners), and only where the token
 * carries a prefix: a format that needs the words around it (`mailgun … key-…`) would need a
 * regex over the whole file, which this rule never runs.
 *
 * Each token is found from a trigger character inside its prefix (`_` in `ghp_`); triggers are
 * chars that are rare in minified code (measured on React DOM, Vue, lodash, three.js and d3:
 * `_` 0.40%, `-` 0.25%, `I` 0.33%, `J` 0.04%, `G` 0.03%, `K` 0.05%, `~` under 0.01%; `.` is
 * 1.84%, so no format triggers on a dot). Samples, true and false, sit beside each family in
 * packages/core/test/secret-formats.test.ts.
 */
export interface TokenFormat {
  name: string
  /** A character of the prefix the scanner stops at. */
  trigger: string
  /** The token's fixed prefixes; the trigger's first place in each gives where the token starts. */
  prefixes: readonly string[]
  /** For a format without a fixed prefix: where the trigger sits in the token, and the char right before it. */
  at?: { back: number, before: string }
  /** The whole token, anchored at its start (sticky). */
  re: RegExp
  /** Characters of the token a report may show (the public prefix); the rest is masked. */
  keep: number
  /** Shannon entropy floor (bits per char) of the part after `keep`: placeholders are low. */
  minEntropy?: number
  /** Where the format is documented. */
  source: string
}

const y = (source: string) => new RegExp(source, 'y')
const END = String.raw`(?![A-Za-z0-9_-])`
const B64 = 'A-Za-z0-9+/'

export const FORMATS: readonly TokenFormat[] = [
  // Source forges and registries
  { name: 'a GitHub token', trigger: '_', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: y(String.raw`gh[pousr]_[A-Za-z0-9]{36,251}${END}`), keep: 4, source: 'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/' },
  { name: 'a GitHub fine-grained token', trigger: '_', prefixes: ['github_pat_'], re: y(String.raw`github_pat_[A-Za-z0-9_]{60,251}${END}`), keep: 11, source: 'https://github.blog/2022-10-18-introducing-fine-grained-personal-access-tokens-for-github/' },
  { name: 'a GitLab token', trigger: '-', prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glsoat-', 'glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glffct-'], re: y(String.raw`gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt|agent|oas|ffct)-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?${END}`), keep: 6, minEntropy: 3, source: 'https://docs.gitlab.com/security/tokens/#token-prefixes' },
  { name: 'an npm token', trigger: '_', prefixes: ['npm_'], re: y(String.raw`npm_[A-Za-z0-9]{36}${END}`), keep: 4, source: 'https://github.blog/2021-09-23-announcing-npms-new-access-token-format/' },
  { name: 'a PyPI upload token', trigger: '-', prefixes: ['pypi-'], re: y(String.raw`pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}${END}`), keep: 5, source: 'https://pypi.org/help/#apitoken' },
  { name: 'a Docker Hub token', trigger: '_', prefixes: ['dckr_pat_', 'dckr_oat_'], re: y(String.raw`dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}${END}`), keep: 9, minEntropy: 3.5, source: 'https://docs.docker.com/security/access-tokens/' },
  { name: 'a Hugging Face token', trigger: '_', prefixes: ['hf_', 'api_org_'], re: y(String.raw`(?:hf|api_org)_[A-Za-z]{34}${END}`), keep: 3, minEntropy: 3.5, source: 'https://huggingface.co/docs/hub/security-tokens' },
  // Clouds and hosting
  { name: 'an AWS access key', trigger: 'I', prefixes: ['AKIA', 'ASIA', 'ABIA'], re: y(String.raw`A[KSB]IA[A-Z2-7]{16}${END}`), keep: 4, minEntropy: 3, source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids' },
  { name: 'an Azure Entra ID client secret', trigger: '~', prefixes: [], at: { back: 5, before: 'Q' }, re: y(String.raw`[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`), keep: 0, minEntropy: 3.5, source: 'https://learn.microsoft.com/en-us/purview/sit-defn-client-secret-api-key' },
  { name: 'an Azure storage account key', trigger: 'K', prefixes: ['AccountKey='], re: y(String.raw`AccountKey=[${B64}]{86}==`), keep: 11, minEntropy: 4, source: 'https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string' },
  { name: 'a Google API key', trigger: 'I', prefixes: ['AIza'], re: y(String.raw`AIza[A-Za-z0-9_-]{35}${END}`), keep: 4, minEntropy: 3.5, source: 'https://cloud.google.com/docs/authentication/api-keys' },
  { name: 'a Google OAuth client secret', trigger: '-', prefixes: ['GOCSPX-'], re: y(String.raw`GOCSPX-[A-Za-z0-9_-]{28}${END}`), keep: 7, source: 'https://cloud.google.com/docs/authentication/token-types' },
  { name: 'a DigitalOcean token', trigger: '_', prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'], re: y(String.raw`do[por]_v1_[a-f0-9]{64}${END}`), keep: 7, minEntropy: 3, source: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/' },
  { name: 'a Vercel token', trigger: '_', prefixes: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], re: y(String.raw`vc[pcark]_[A-Za-z0-9]{20,60}${END}`), keep: 4, minEntropy: 3.5, source: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning' },
  { name: 'a Fly.io token', trigger: '_', prefixes: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'], re: y(String.raw`(?:fo1_[A-Za-z0-9_-]{43}|fm(?:1[ar]|2)_[${B64}]{100,}={0,3})(?![${B64}=_-])`), keep: 4, minEntropy: 3.5, source: 'https://fly.io/docs/security/tokens/' },
  { name: 'a Heroku API key', trigger: '-', prefixes: ['HRKU-'], re: y(String.raw`HRKU-AA[A-Za-z0-9_-]{58}${END}`), keep: 5, minEntropy: 3.5, source: 'https://devcenter.heroku.com/articles/authentication' },
  { name: 'a Supabase secret key', trigger: '_', prefixes: ['sbp_', 'sb_secret_'], re: y(String.raw`(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,})${END}`), keep: 4, minEntropy: 3, source: 'https://supabase.com/docs/guides/api/api-keys' },
  { name: 'a PlanetScale token', trigger: '_', prefixes: ['pscale_pw_', 'pscale_tkn_', 'pscale_oauth_'], re: y(String.raw`pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_=.-]{32,64}(?![A-Za-z0-9_=.-])`), keep: 7, minEntropy: 3.5, source: 'https://planetscale.com/docs/concepts/service-tokens' },
  { name: 'a Grafana token', trigger: '_', prefixes: ['glc_', 'glsa_'], re: y(String.raw`(?:glc_[${B64}]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![${B64}=_-])`), keep: 4, minEntropy: 3.5, source: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/' },
  { name: 'a New Relic user key', trigger: '-', prefixes: ['NRAK-'], re: y(String.raw`NRAK-[A-Z0-9]{27}${END}`), keep: 5, minEntropy: 3.5, source: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/' },
  { name: 'a Sentry auth token', trigger: '_', prefixes: ['sntrys_', 'sntryu_'], re: y(String.raw`(?:sntrys_eyJ[${B64}]{40,}={0,2}_[${B64}]{43}|sntryu_[a-f0-9]{64})(?![${B64}=_-])`), keep: 7, minEntropy: 3, source: 'https://docs.sentry.io/account/auth-tokens/' },
  { name: 'a Pulumi token', trigger: '-', prefixes: ['pul-'], re: y(String.raw`pul-[a-f0-9]{40}${END}`), keep: 4, minEntropy: 3, source: 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/' },
  { name: 'a 1Password service account token', trigger: '_', prefixes: ['ops_'], re: y(String.raw`ops_eyJ[${B64}]{250,}={0,3}(?![${B64}=])`), keep: 4, source: 'https://developer.1password.com/docs/service-accounts/security/' },
  { name: 'an age secret key', trigger: '-', prefixes: ['AGE-SECRET-KEY-1'], re: y(String.raw`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${END}`), keep: 15, minEntropy: 3, source: 'https://age-encryption.org/v1' },
  { name: 'a Tailscale key', trigger: '-', prefixes: ['tskey-'], re: y(String.raw`tskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60}(?![0-9A-Za-z_])`), keep: 6, minEntropy: 3.5, source: 'https://tailscale.com/kb/1085/auth-keys' },
  // Payments and commerce
  { name: 'a Stripe or Clerk live secret key', trigger: '_', prefixes: ['sk_live_', 'rk_live_'], re: y(String.raw`[sr]k_live_[A-Za-z0-9]{20,247}${END}`), keep: 8, source: 'https://docs.stripe.com/keys#obtain-api-keys' },
  { name: 'a Shopify token', trigger: '_', prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], re: y(String.raw`shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`), keep: 6, minEntropy: 3, source: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens' },
  { name: 'a Square token', trigger: '-', prefixes: ['sq0atp-', 'sq0csp-'], re: y(String.raw`sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60}${END}`), keep: 7, minEntropy: 3.5, source: 'https://developer.squareup.com/docs/build-basics/access-tokens' },
  // Messaging and email
  { name: 'a Slack bot token', trigger: '-', prefixes: ['xoxb-'], re: y(String.raw`xoxb-\d{8,14}-(?:\d{8,14}-)?[A-Za-z0-9]{18,}${END}`), keep: 5, minEntropy: 3, source: 'https://api.slack.com/authentication/token-types' },
  { name: 'a Slack user token', trigger: '-', prefixes: ['xoxp-', 'xoxe-'], re: y(String.raw`xox[pe](?:-\d{8,13}){3}-[A-Za-z0-9]{28,34}${END}`), keep: 5, minEntropy: 3, source: 'https://api.slack.com/authentication/token-types#user' },
  { name: 'a Slack refresh token', trigger: '-', prefixes: ['xoxe-'], re: y(String.raw`xoxe-\d-[A-Za-z0-9]{140,150}${END}`), keep: 5, minEntropy: 3.5, source: 'https://api.slack.com/authentication/rotation' },
  { name: 'a Slack configuration token', trigger: '-', prefixes: ['xoxe.xoxp-', 'xoxe.xoxb-'], re: y(String.raw`xoxe\.xox[bp]-\d-[A-Za-z0-9]{150,170}${END}`), keep: 10, minEntropy: 3.5, source: 'https://api.slack.com/authentication/config-tokens' },
  { name: 'a Slack app-level token', trigger: '-', prefixes: ['xapp-'], re: y(String.raw`xapp-\d-[A-Za-z0-9]{9,}-\d{9,}-[A-Za-z0-9]{32,}${END}`), keep: 5, minEntropy: 3, source: 'https://api.slack.com/authentication/token-types#app' },
  { name: 'a Slack legacy token', trigger: '-', prefixes: ['xoxs-', 'xoxo-'], re: y(String.raw`xox[os]-\d{4,}-\d{4,}-\d{4,}-[a-fA-F0-9]{10,}${END}`), keep: 5, minEntropy: 2.5, source: 'https://api.slack.com/legacy/custom-integrations/legacy-tokens' },
  { name: 'a Slack workspace token', trigger: '-', prefixes: ['xoxa-', 'xoxr-'], re: y(String.raw`xox[ar]-(?:\d+-)*[A-Za-z0-9]{8,48}${END}`), keep: 5, minEntropy: 3, source: 'https://api.slack.com/authentication/token-types#workspace' },
  { name: 'a SendGrid API key', trigger: 'G', prefixes: ['SG.'], re: y(String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}${END}`), keep: 3, minEntropy: 3.5, source: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys' },
  { name: 'a Twilio API key', trigger: 'K', prefixes: ['SK'], re: y(String.raw`SK[0-9a-fA-F]{32}${END}`), keep: 2, minEntropy: 3, source: 'https://www.twilio.com/docs/iam/api-keys' },
  { name: 'a Brevo API key', trigger: '-', prefixes: ['xkeysib-'], re: y(String.raw`xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}${END}`), keep: 8, minEntropy: 3, source: 'https://developers.brevo.com/docs/getting-started' },
  // Developer tools and AI
  { name: 'an Anthropic API key', trigger: '-', prefixes: ['sk-ant-'], re: y(String.raw`sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{93}AA${END}`), keep: 7, source: 'https://docs.anthropic.com/en/api/overview#authentication' },
  { name: 'an OpenAI API key', trigger: '-', prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], re: y(String.raw`sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}${END}`), keep: 8, minEntropy: 3.5, source: 'https://platform.openai.com/docs/api-reference/authentication' },
  { name: 'an OpenAI API key', trigger: '-', prefixes: ['sk-'], re: y(String.raw`sk-[A-Za-z0-9]{48}${END}`), keep: 3, minEntropy: 4, source: 'https://platform.openai.com/docs/api-reference/authentication' },
  { name: 'a Groq API key', trigger: '_', prefixes: ['gsk_'], re: y(String.raw`gsk_[A-Za-z0-9]{52}${END}`), keep: 4, minEntropy: 3.5, source: 'https://console.groq.com/docs/quickstart' },
  { name: 'a Perplexity API key', trigger: '-', prefixes: ['pplx-'], re: y(String.raw`pplx-[A-Za-z0-9]{48}${END}`), keep: 5, minEntropy: 3.5, source: 'https://docs.perplexity.ai/guides/getting-started' },
  { name: 'an xAI API key', trigger: '-', prefixes: ['xai-'], re: y(String.raw`xai-[A-Za-z0-9]{80}${END}`), keep: 4, minEntropy: 3.5, source: 'https://docs.x.ai/docs/overview' },
  { name: 'a Replicate API token', trigger: '_', prefixes: ['r8_'], re: y(String.raw`r8_[A-Za-z0-9]{37}${END}`), keep: 3, minEntropy: 3.5, source: 'https://replicate.com/docs/topics/security/api-tokens' },
  { name: 'a Linear API key', trigger: '_', prefixes: ['lin_api_'], re: y(String.raw`lin_api_[A-Za-z0-9]{40}${END}`), keep: 8, minEntropy: 3.5, source: 'https://linear.app/developers/graphql#personal-api-keys' },
  { name: 'a Notion token', trigger: '_', prefixes: ['ntn_'], re: y(String.raw`ntn_\d{11}[A-Za-z0-9]{35}${END}`), keep: 4, minEntropy: 3.5, source: 'https://developers.notion.com/docs/authorization' },
  { name: 'a Figma token', trigger: '_', prefixes: ['figd_'], re: y(String.raw`figd_[A-Za-z0-9_-]{40,200}${END}`), keep: 5, minEntropy: 3.5, source: 'https://www.figma.com/developers/api#access-tokens' },
  { name: 'a Postman API key', trigger: '-', prefixes: ['PMAK-'], re: y(String.raw`PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}${END}`), keep: 5, minEntropy: 3, source: 'https://learning.postman.com/docs/developer/postman-api/authentication/' },
  { name: 'a Mapbox secret token', trigger: 'J', prefixes: ['sk.eyJ'], re: y(String.raw`sk\.eyJ[A-Za-z0-9_-]{40,}\.[A-Za-z0-9_-]{20,}${END}`), keep: 3, source: 'https://docs.mapbox.com/accounts/guides/tokens/' },
  // Signed JSON Web Tokens (public examples and keys meant for browsers: secret-examples.ts)
  { name: 'a signed JWT', trigger: 'J', prefixes: ['eyJ'], re: y(String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}${END}`), keep: 3, source: 'https://www.rfc-editor.org/rfc/rfc7519' },
]

/**
 * Webhook URLs that are secrets in themselves: whoever has one can post as the integration.
 * Found at their path segment (the scanner stops at every `/`), checked by a sticky regex.
 */
export interface UrlFormat {
  name: string
  /** Path segments after which the secret part follows (`/services/` in a Slack webhook). */
  segments: readonly string[]
  /** The whole URL; `keep` is the length of its public part. */
  re: RegExp
  source: string
}

export const URL_FORMATS: readonly UrlFormat[] = [
  { name: 'a Slack webhook URL', segments: ['services', 'workflows', 'triggers'], re: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,90}(?![A-Za-z0-9+/])/g, source: 'https://api.slack.com/messaging/webhooks' },
  { name: 'a Discord webhook URL', segments: ['webhooks'], re: /(?:https?:\/\/)?(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/\d{17,20}\/[\w-]{60,68}(?![\w-])/g, source: 'https://discord.com/developers/docs/resources/webhook' },
]
