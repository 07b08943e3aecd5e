export const brandTop = (
  <>
    République
    <br />
    Française
  </>
);
