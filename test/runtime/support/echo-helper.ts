/** A module the echo worker imports: its own import.meta.url must survive bundling. */
export const helperUrl: string = import.meta.url;
