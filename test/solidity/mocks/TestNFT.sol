// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title TestNFT
/// @notice An ERC-721 anyone can mint, for token-gated channel tests. Never deployed by `npm run deploy`.
contract TestNFT is ERC721 {
    uint256 private _nextTokenId = 1;

    constructor() ERC721("Kith Test NFT", "KNFT") {}

    /// @notice Mints the next token id to `to`; anyone may call it.
    function mint(address to) external returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _mint(to, tokenId);
    }
}
