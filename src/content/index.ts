// Content script: scans forms and writes only the values of a fill the person approved.
export {};
