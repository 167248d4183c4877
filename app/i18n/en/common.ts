// English for the shared UI strings (glossary: ../shared/domain-practice.md §8).
export const common = {
  "app.name": "Public-Welfare Venture Competition Platform",
  "app.shortName": "Commonweal",
  "nav.home": "Home",
  "nav.login": "Log in",
  "nav.logout": "Log out",
  "nav.register": "Register as applicant",
  "role.organizer": "Organizing committee",
  "role.reviewer": "Preliminary reviewer",
  "role.expert": "Expert reviewer",
  "role.applicant": "Applicant",
  "role.sponsor": "Sponsor",
  "auth.invalidCredentials": "Wrong username or password",
  "error.forbidden": "You may not open this page (403)",
  "validation.invalidValue": "This value is not in the expected form; please check it",
} as const;
