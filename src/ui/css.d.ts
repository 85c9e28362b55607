/** Vite bundles CSS imported for its side effect (the pages import theme.css). */
declare module '*.css';
