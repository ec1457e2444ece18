// Preact and htm, from web/vendor/ (copied there by scripts/web-vendor).
import { h, render, createContext } from '/vendor/preact.mjs';
import htm from '/vendor/htm.mjs';

export { render, createContext };
export { useState, useEffect, useLayoutEffect, useRef, useCallback, useMemo, useContext } from '/vendor/preact-hooks.mjs';
export const html = htm.bind(h);
