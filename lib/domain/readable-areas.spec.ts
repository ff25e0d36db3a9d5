import { describe, expect, it } from "vitest";
import { areasWithin, collapseAreas } from "./readable-areas";

describe("readable areas", () => {
  it("collapses areas inside another, a member's view winning over a share's", () => {
    expect(
      collapseAreas([
        { spaceId: 1, path: "/1/5/", member: false },
        { spaceId: 1, member: true },
        { spaceId: 2, path: "/9/10/11/", member: false },
        { spaceId: 2, path: "/9/10/", member: false },
        { spaceId: 2, path: "/9/10/", member: true },
        { spaceId: 2, path: "/9/12/", member: false },
      ]),
    ).toEqual([
      { spaceId: 1, member: true },
      { spaceId: 2, path: "/9/10/", member: true },
      { spaceId: 2, path: "/9/12/", member: false },
    ]);
  });

  it("cuts areas to a folder's subtree: one holding the folder becomes it, ones below stay, others go", () => {
    const areas = [
      { spaceId: 1, member: true },
      { spaceId: 2, path: "/9/10/", member: false },
      { spaceId: 2, path: "/9/12/13/", member: false },
      { spaceId: 2, path: "/9/14/", member: false },
    ];
    expect(areasWithin(areas, { spaceId: 1, path: "/1/5/" })).toEqual([{ spaceId: 1, path: "/1/5/", member: true }]);
    expect(areasWithin(areas, { spaceId: 2, path: "/9/12/" })).toEqual([{ spaceId: 2, path: "/9/12/13/", member: false }]);
    expect(areasWithin(areas, { spaceId: 2, path: "/9/10/20/" })).toEqual([{ spaceId: 2, path: "/9/10/20/", member: false }]);
    // "/9/1/" is not a prefix match of "/9/10/": paths end in a slash.
    expect(areasWithin(areas, { spaceId: 2, path: "/9/1/" })).toEqual([]);
  });
});
